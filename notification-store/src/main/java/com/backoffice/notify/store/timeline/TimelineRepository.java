package com.backoffice.notify.store.timeline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table.
 */
@Repository
class TimelineRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TimelineRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Stores a notification unless one with the same id is stored already.
	 * @param notification the notification
	 * @return {@code true} when it was new
	 */
	boolean insertIfAbsent(NotificationDispatched notification) {
		return this.jdbc.sql("""
				INSERT INTO notification (notification_id, recipient_id, event_id, type, priority, title, body, link,
				                          data, channels, group_key, source, created_at, expires_at)
				VALUES (:id, :recipient, :event, :type, :priority, :title, :body, :link,
				        CAST(:data AS jsonb), :channels, :groupKey, :source, :createdAt, :expiresAt)
				ON CONFLICT (notification_id) DO NOTHING
				""")
			.param("id", notification.notificationId())
			.param("recipient", notification.recipientId())
			.param("event", notification.eventId())
			.param("type", notification.type())
			.param("priority", notification.priority())
			.param("title", notification.title())
			.param("body", notification.body())
			.param("link", notification.link())
			.param("data", (notification.data() != null) ? this.json.writeValueAsString(notification.data()) : null)
			.param("channels", String.join(",", notification.channels()))
			.param("groupKey", notification.groupKey())
			.param("source", notification.source())
			.param("createdAt", timestamp(notification.createdAt()))
			.param("expiresAt", timestamp(notification.expiresAt()))
			.update() == 1;
	}

	/**
	 * Counts the notifications stored for a recipient.
	 * @param recipientId the admin
	 * @return how many rows the admin's timeline has
	 */
	long countFor(String recipientId) {
		return this.jdbc.sql("SELECT count(*) FROM notification WHERE recipient_id = ?")
			.param(recipientId)
			.query(Long.class)
			.single();
	}

	/**
	 * Counts the rows stored for a notification id.
	 * @param notificationId the id
	 * @return 0 or 1
	 */
	long countById(UUID notificationId) {
		return this.jdbc.sql("SELECT count(*) FROM notification WHERE notification_id = ?")
			.param(notificationId)
			.query(Long.class)
			.single();
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
