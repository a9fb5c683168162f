package com.backoffice.notify.store.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.support.RejectedEventException;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * One notification for one recipient, as read from {@code notification.dispatched.v1}. A
 * record the {@code notification} table cannot hold (a value longer than its column, a
 * NUL character, a time out of range) is rejected here: in the batch insert it would fail
 * the whole poll, again and again.
 */
record NotificationDispatched(UUID notificationId, String eventId, String recipientId, String type, String priority,
		String title, String body, String link, Map<String, String> data, List<String> channels, String groupKey,
		String source, Instant createdAt, Instant expiresAt, JsonNode digest) {

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	NotificationDispatched {
		Assert.notNull(notificationId, "notificationId is required");
		Assert.hasText(eventId, "eventId is required");
		Assert.hasText(recipientId, "recipientId is required");
		Assert.hasText(type, "type is required");
		Assert.hasText(title, "title is required");
		Assert.notNull(createdAt, "createdAt is required");
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		source = (source != null) ? source : "unknown";
		priority = (priority != null) ? priority : "NORMAL";
		requireFits("eventId", eventId, 200);
		requireFits("recipientId", recipientId, 64);
		requireFits("type", type, 100);
		requireFits("priority", priority, 8);
		requireFits("title", title, 200);
		requireFits("body", body, 2000);
		requireFits("link", link, 2048);
		requireFits("channels", String.join(",", channels), 32);
		requireFits("groupKey", groupKey, 200);
		requireFits("source", source, 255);
		if (data != null) {
			data.forEach((key, value) -> {
				requireNoNul("data", key);
				requireNoNul("data", value);
			});
		}
		if (digest != null && holdsNul(digest)) {
			throw nul("digest");
		}
		requireInRange("createdAt", createdAt);
		requireInRange("expiresAt", expiresAt);
	}

	private static void requireFits(String field, String value, int maxLength) {
		requireNoNul(field, value);
		if (value != null) {
			// varchar(n) counts characters, not UTF-16 units
			int length = value.codePointCount(0, value.length());
			if (length > maxLength) {
				throw new RejectedEventException(
						field + " is " + length + " characters long, more than its column's " + maxLength);
			}
		}
	}

	private static void requireNoNul(String field, String value) {
		if (value != null && value.indexOf('\0') >= 0) {
			throw nul(field);
		}
	}

	private static boolean holdsNul(JsonNode node) {
		if (node.isString()) {
			return node.stringValue().indexOf('\0') >= 0;
		}
		if (node.isContainer()) {
			for (String name : node.propertyNames()) {
				if (name.indexOf('\0') >= 0) {
					return true;
				}
			}
			for (JsonNode value : node.values()) {
				if (holdsNul(value)) {
					return true;
				}
			}
		}
		return false;
	}

	private static RejectedEventException nul(String field) {
		return new RejectedEventException(field + " contains a NUL character (\\u0000), which PostgreSQL cannot store");
	}

	private static void requireInRange(String field, Instant instant) {
		if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
			throw new RejectedEventException(field + " " + instant + " is outside the years 1 to 9999");
		}
	}

}
