package com.backoffice.notify.store.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * One notification for one recipient, as read from {@code notification.dispatched.v1}.
 */
record NotificationDispatched(UUID notificationId, String eventId, String recipientId, String type, String priority,
		String title, String body, String link, Map<String, String> data, List<String> channels, String groupKey,
		String source, Instant createdAt, Instant expiresAt, JsonNode digest) {

	NotificationDispatched {
		Assert.notNull(notificationId, "notificationId is required");
		Assert.hasText(recipientId, "recipientId is required");
		Assert.hasText(type, "type is required");
		Assert.hasText(title, "title is required");
		Assert.notNull(createdAt, "createdAt is required");
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		source = (source != null) ? source : "unknown";
		priority = (priority != null) ? priority : "NORMAL";
	}

}
