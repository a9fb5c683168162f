package com.backoffice.notify.router.routing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One notification for one recipient, as written to {@code notification.dispatched.v1}.
 */
record NotificationDispatched(UUID notificationId, String eventId, String recipientId, String type, Priority priority,
		String title, String body, String link, Map<String, String> data, List<Channel> channels, String groupKey,
		String source, Instant createdAt, Instant expiresAt) {

	/**
	 * Derives a notification's id from the request's event id and the recipient, so that
	 * a redelivered request yields the same id in every consumer.
	 * @param eventId the request's {@code ce_id}
	 * @param recipientId the admin
	 * @return a name-based (version 3) UUID
	 */
	static UUID idFor(String eventId, String recipientId) {
		return UUID.nameUUIDFromBytes((eventId + "\n" + recipientId).getBytes(StandardCharsets.UTF_8));
	}

}
