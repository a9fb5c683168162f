package com.backoffice.notify.gateway.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SSE stream.
 *
 * @param heartbeat how often an idle stream gets a comment, so that proxies keep it and a
 * vanished client is found
 * @param retry the reconnect delay the stream advises ({@code retry:})
 * @param bufferSize how many events may wait for a client that does not read; one more
 * and it is disconnected (it replays later)
 * @param maxConnectionsPerAdmin how many streams one admin may hold on a replica
 * @param shutdownReconnectSpread on shutdown, clients are told to reconnect after a
 * random delay up to this, so that they do not all come back at once
 */
@ConfigurationProperties("notify.gateway.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("3s") Duration retry,
		@DefaultValue("256") int bufferSize, @DefaultValue("20") int maxConnectionsPerAdmin,
		@DefaultValue("10s") Duration shutdownReconnectSpread) {

}
