/**
 * The local run: real Kafka (KRaft), Redis and PostgreSQL from Maven-delivered binaries,
 * a fake FCM server, the domain simulator, then the four services, on the fixed ports of
 * {@link com.backoffice.notify.launcher.Layout#fixed} (or free ones, for the browser
 * tests), stopped together on Ctrl-C or SIGTERM.
 */
package com.backoffice.notify.launcher;
