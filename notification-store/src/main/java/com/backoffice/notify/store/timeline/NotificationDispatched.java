package com.backoffice.notify.store.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.support.DispatchedChecks;
import com.backoffice.notify.support.FieldLimits;
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
		DispatchedChecks.requireFits("eventId", eventId, FieldLimits.EVENT_ID);
		DispatchedChecks.requireFits("recipientId", recipientId, FieldLimits.ADMIN_ID);
		DispatchedChecks.requireFits("priority", priority, FieldLimits.PRIORITY);
		DispatchedChecks.requireShowable(type, title, body, link);
		DispatchedChecks.requireFits("channels", String.join(",", channels), FieldLimits.CHANNELS);
		DispatchedChecks.requireFits("groupKey", groupKey, FieldLimits.GROUP_KEY);
		DispatchedChecks.requireFits("source", source, FieldLimits.SOURCE);
		if (data != null) {
			data.forEach((key, value) -> {
				DispatchedChecks.requireNoNul("data", key);
				DispatchedChecks.requireNoNul("data", value);
			});
		}
		if (digest != null && holdsNul(digest)) {
			throw nul("digest");
		}
		DispatchedChecks.requireInYears("createdAt", createdAt);
		DispatchedChecks.requireInYears("expiresAt", expiresAt);
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

}
