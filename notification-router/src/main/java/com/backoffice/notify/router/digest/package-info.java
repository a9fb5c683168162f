/**
 * Digest: notifications of one group that reach one admin within a window become one
 * notification with the count and the latest items, kept in a Kafka Streams state store
 * that survives restarts.
 */
package com.backoffice.notify.router.digest;
