/**
 * Routing: turns a {@code notification.requested.v1} event into one
 * {@code notification.dispatched.v1} message per recipient.
 */
package com.backoffice.notify.router.routing;
