/**
 * The local run: real Kafka (KRaft), Redis and PostgreSQL from Maven-delivered binaries,
 * then the four services on their fixed ports, stopped together on Ctrl-C or SIGTERM.
 */
package com.backoffice.notify.launcher;
