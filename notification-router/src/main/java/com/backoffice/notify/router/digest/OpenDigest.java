package com.backoffice.notify.router.digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A digest collecting notifications of one group for one admin, as the state store holds
 * it until its window closes.
 *
 * @param closesAt when it goes out
 * @param openedAt when its first notification arrived
 * @param count how many notifications it holds
 * @param eventIds the event ids it holds (the first {@value #MAX_EVENT_IDS}), so that a
 * request routed twice is counted once
 * @param first the first notification, sent as it is when nothing joins it
 * @param items the latest notifications, newest first
 * @param channels every channel any of them asked for
 * @param priority the highest priority among them
 */
record OpenDigest(Instant closesAt, Instant openedAt, long count, List<String> eventIds, JsonNode first,
		List<Item> items, Set<String> channels, String priority) {

	static final int MAX_EVENT_IDS = 10_000;

	private static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");

	static OpenDigest open(Instant now, Instant closesAt, JsonNode first) {
		return new OpenDigest(closesAt, now, 0, List.of(), first, List.of(), Set.of(), "LOW");
	}

	boolean holds(String eventId) {
		return this.eventIds.contains(eventId);
	}

	OpenDigest add(JsonNode notification, int latestItems) {
		List<String> ids = new ArrayList<>(this.eventIds);
		if (ids.size() < MAX_EVENT_IDS) {
			ids.add(notification.path("eventId").stringValue(null));
		}
		List<Item> latest = new ArrayList<>(latestItems);
		latest.add(Item.of(notification));
		this.items.stream().limit(latestItems - 1).forEach(latest::add);
		Set<String> unionOfChannels = new LinkedHashSet<>(this.channels);
		notification.path("channels").forEach((channel) -> unionOfChannels.add(channel.stringValue(null)));
		String highest = PRIORITIES.get(Math.max(PRIORITIES.indexOf(this.priority),
				PRIORITIES.indexOf(notification.path("priority").stringValue(null))));
		return new OpenDigest(this.closesAt, this.openedAt, this.count + 1, ids, this.first, latest, unionOfChannels,
				highest);
	}

	/**
	 * One notification a digest lists.
	 *
	 * @param eventId its request's event id
	 * @param title its title
	 * @param link its link
	 * @param createdAt when it was routed
	 */
	record Item(String eventId, String title, String link, String createdAt) {

		static Item of(JsonNode notification) {
			return new Item(notification.path("eventId").stringValue(null),
					notification.path("title").stringValue(null), notification.path("link").stringValue(null),
					notification.path("createdAt").stringValue(null));
		}

	}

}
