/**
 * notification-router: validates and de-duplicates notification requests, resolves their
 * audience and dispatches one message per recipient.
 */
package com.backoffice.notify.router;
