package com.backoffice.notify.router.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings.
 *
 * @param maxDataBytes the largest {@code data} object a request may carry, in UTF-8 bytes
 * of its JSON
 * @param dispatchBinding the output binding dispatched notifications are sent through
 * @param duplicateWindow how long a replica remembers the event ids it routed, to drop
 * retries
 * @param duplicateWindowSize how many event ids it remembers at most
 */
@ConfigurationProperties("notify.router.routing")
public record RoutingProperties(@DefaultValue("4096") int maxDataBytes,
		@DefaultValue("dispatch") String dispatchBinding, @DefaultValue("10m") Duration duplicateWindow,
		@DefaultValue("100000") int duplicateWindowSize) {

}
