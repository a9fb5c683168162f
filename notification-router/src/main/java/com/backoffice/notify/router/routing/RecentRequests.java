package com.backoffice.notify.router.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The event ids this replica routed lately, so that a domain team's retry of a request
 * (the same {@code ce_id}) is dropped here instead of being dispatched again. Bounded in
 * time and size; a retry it no longer remembers, or one another replica routed, yields
 * the same notification ids, which every consumer drops by id.
 */
@Component
class RecentRequests {

	private final Map<String, Instant> routed = new LinkedHashMap<>();

	private final RoutingProperties properties;

	private final Clock clock;

	RecentRequests(RoutingProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Tells whether this replica routed an event lately.
	 * @param eventId the request's {@code ce_id}
	 * @return {@code true} when it did, within the window
	 */
	synchronized boolean routedLately(String eventId) {
		evictExpired();
		return this.routed.containsKey(eventId);
	}

	/**
	 * Remembers that an event was routed, after all its notifications went out.
	 * @param eventId the request's {@code ce_id}
	 */
	synchronized void remember(String eventId) {
		this.routed.put(eventId, this.clock.instant());
		while (this.routed.size() > this.properties.duplicateWindowSize()) {
			Iterator<String> oldest = this.routed.keySet().iterator();
			oldest.next();
			oldest.remove();
		}
	}

	private void evictExpired() {
		Instant horizon = this.clock.instant().minus(this.properties.duplicateWindow());
		Iterator<Instant> oldestFirst = this.routed.values().iterator();
		while (oldestFirst.hasNext() && oldestFirst.next().isBefore(horizon)) {
			oldestFirst.remove();
		}
	}

}
