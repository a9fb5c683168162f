/**
 * Fan-out: every dispatched notification goes to its admin's bounded replay stream and
 * live channel in Redis, whichever replica read it from Kafka.
 */
package com.backoffice.notify.gateway.fanout;
