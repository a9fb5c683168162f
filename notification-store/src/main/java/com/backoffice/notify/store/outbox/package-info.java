/**
 * The transactional outbox: the events of a change are stored with it and published to
 * Kafka once it commits, even when Kafka was away at that moment.
 */
package com.backoffice.notify.store.outbox;
