/**
 * Fan-out: every event read from Kafka goes to its admin's buffer in Redis (replay stream
 * and live channel), whichever replica read it.
 */
package com.backoffice.notify.gateway.fanout;
