/**
 * Retention: old notifications are purged in small batches, so that no purge holds long
 * locks on the timeline.
 */
package com.backoffice.notify.store.retention;
