/**
 * The timeline: ingests {@code notification.dispatched.v1} into PostgreSQL, once per
 * notification id.
 */
package com.backoffice.notify.store.timeline;
