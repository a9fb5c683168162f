package com.backoffice.notify.router.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings.
 *
 * @param maxDataBytes the largest {@code data} object a request may carry, in UTF-8 bytes
 * of its JSON
 * @param dispatchBinding the output binding bulk (LOW and NORMAL) notifications are sent
 * through
 * @param urgentBinding the output binding of the urgent lane (URGENT and HIGH), which
 * every consumer reads apart from the bulk
 * @param fanoutBinding the output binding of the router's own fan-out chunks
 * @param fanoutChunkSize how many recipients one fan-out chunk holds: a bulk audience
 * larger than this is dispatched by the {@code expand} binding, chunk by chunk
 * @param duplicateWindow how long a replica remembers the event ids it routed, to drop
 * retries
 * @param duplicateWindowSize how many event ids it remembers at most
 */
@ConfigurationProperties("notify.router.routing")
public record RoutingProperties(@DefaultValue("4096") int maxDataBytes,
		@DefaultValue("dispatch") String dispatchBinding, @DefaultValue("urgent") String urgentBinding,
		@DefaultValue("fanout") String fanoutBinding, @DefaultValue("500") int fanoutChunkSize,
		@DefaultValue("10m") Duration duplicateWindow, @DefaultValue("100000") int duplicateWindowSize) {

}
