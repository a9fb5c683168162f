/**
 * Real Kafka (KRaft, in-JVM), Redis and PostgreSQL servers delivered by Maven artifacts,
 * so tests and the local run need nothing installed but Java.
 */
package com.backoffice.notify.infrastructure;
