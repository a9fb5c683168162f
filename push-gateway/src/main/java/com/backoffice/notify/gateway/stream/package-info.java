/**
 * The SSE stream of each admin's events, and each admin's buffer in Redis behind it: a
 * bounded, expiring replay stream whose entry ids are the SSE event ids, and a live
 * channel that only replicas holding the admin's streams subscribe to. A reconnecting
 * client gets what it missed, then live events; streams have heartbeats, bounded buffers
 * and a cap.
 */
package com.backoffice.notify.gateway.stream;
