package com.backoffice.notify.store.timeline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
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
	 * Stores notifications in one statement, leaving out those whose id is stored already
	 * (or repeated in the list).
	 * @param notifications the notifications
	 * @return how many were new
	 */
	int insertAllIfAbsent(List<NotificationDispatched> notifications) {
		if (notifications.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO notification (notification_id, recipient_id, event_id, type, priority, title, body, link,
				                          data, channels, group_key, source, created_at, expires_at, digest)
				SELECT id, recipient, event, type, priority, title, body, link, CAST(data AS jsonb), channels,
				       group_key, source, created_at, expires_at, CAST(digest AS jsonb)
				FROM unnest(:ids, :recipients, :events, :types, :priorities, :titles, :bodies, :links, :data,
				            :channels, :groupKeys, :sources, :createdAt, :expiresAt, :digests)
				     AS r(id, recipient, event, type, priority, title, body, link, data, channels, group_key, source,
				          created_at, expires_at, digest)
				ON CONFLICT (notification_id) DO NOTHING
				""")
			.param("ids", array("uuid", notifications, NotificationDispatched::notificationId))
			.param("recipients", array("varchar", notifications, NotificationDispatched::recipientId))
			.param("events", array("varchar", notifications, NotificationDispatched::eventId))
			.param("types", array("varchar", notifications, NotificationDispatched::type))
			.param("priorities", array("varchar", notifications, NotificationDispatched::priority))
			.param("titles", array("varchar", notifications, NotificationDispatched::title))
			.param("bodies", array("varchar", notifications, NotificationDispatched::body))
			.param("links", array("varchar", notifications, NotificationDispatched::link))
			.param("data",
					array("varchar", notifications,
							(n) -> (n.data() != null) ? this.json.writeValueAsString(n.data()) : null))
			.param("channels", array("varchar", notifications, (n) -> String.join(",", n.channels())))
			.param("groupKeys", array("varchar", notifications, NotificationDispatched::groupKey))
			.param("sources", array("varchar", notifications, NotificationDispatched::source))
			.param("createdAt", array("timestamptz", notifications, (n) -> timestamp(n.createdAt())))
			.param("expiresAt", array("timestamptz", notifications, (n) -> timestamp(n.expiresAt())))
			.param("digests",
					array("varchar", notifications,
							(n) -> (n.digest() != null) ? this.json.writeValueAsString(n.digest()) : null))
			.update();
	}

	private static SqlArrayValue array(String type, List<NotificationDispatched> notifications,
			Function<NotificationDispatched, Object> column) {
		return new SqlArrayValue(type, notifications.stream().map(column).toArray());
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

	/**
	 * Reads a page of an admin's timeline, newest first, leaving out deleted and expired
	 * notifications.
	 * @param recipientId the admin
	 * @param before only rows stored before this cursor, or {@code null} for the newest
	 * @param limit at most this many
	 * @param unreadOnly only unread ones
	 * @param type only this type, or {@code null}
	 * @param now what "expired" is measured against
	 * @return the page
	 */
	List<TimelineItem> page(String recipientId, Cursor before, int limit, boolean unreadOnly, String type,
			Instant now) {
		return this.jdbc.sql("""
				SELECT seq, notification_id, type, priority, title, body, link, data, channels, group_key, source,
				       created_at, expires_at, read_at, digest
				FROM notification
				WHERE recipient_id = :recipient AND deleted_at IS NULL AND seq < :before
				  AND (expires_at IS NULL OR expires_at > :now)
				  AND (:unreadOnly = false OR read_at IS NULL)
				  AND (CAST(:type AS varchar) IS NULL OR type = :type)
				ORDER BY seq DESC
				LIMIT :limit
				""")
			.param("recipient", recipientId)
			.param("before", (before != null) ? before.seq() : Long.MAX_VALUE)
			.param("now", Timestamp.from(now))
			.param("unreadOnly", unreadOnly)
			.param("type", type)
			.param("limit", limit)
			.query((row, n) -> new TimelineItem(row.getObject("notification_id", UUID.class),
					new Cursor(row.getLong("seq")).encode(), row.getString("type"), row.getString("priority"),
					row.getString("title"), row.getString("body"), row.getString("link"), jsonOf(row.getString("data")),
					List.of(row.getString("channels").split(",")), row.getString("group_key"), row.getString("source"),
					instant(row.getTimestamp("created_at")), instant(row.getTimestamp("expires_at")),
					instant(row.getTimestamp("read_at")), jsonOf(row.getString("digest"))))
			.list();
	}

	/**
	 * Counts an admin's unread notifications: the trigger-kept counter, less the unread
	 * ones that have expired (a few, found through a partial index).
	 * @param recipientId the admin
	 * @param now what "expired" is measured against
	 * @return the unread count
	 */
	long unreadCount(String recipientId, Instant now) {
		return this.jdbc.sql("""
				SELECT coalesce((SELECT unread FROM unread_count WHERE recipient_id = :recipient), 0)
				     - (SELECT count(*) FROM notification
				        WHERE recipient_id = :recipient AND expires_at IS NOT NULL AND expires_at <= :now
				          AND read_at IS NULL AND deleted_at IS NULL)
				""").param("recipient", recipientId).param("now", Timestamp.from(now)).query(Long.class).single();
	}

	/**
	 * Marks one of an admin's notifications read.
	 * @param recipientId the admin
	 * @param notificationId the notification
	 * @param now when
	 * @return what became of it
	 */
	Change markRead(String recipientId, UUID notificationId, Instant now) {
		int changed = this.jdbc.sql("""
				UPDATE notification SET read_at = :now
				WHERE recipient_id = :recipient AND notification_id = :id AND read_at IS NULL AND deleted_at IS NULL
				  AND (expires_at IS NULL OR expires_at > :now)
				""")
			.param("now", Timestamp.from(now))
			.param("recipient", recipientId)
			.param("id", notificationId)
			.update();
		return (changed == 1) ? Change.CHANGED : visible(recipientId, notificationId, now);
	}

	/**
	 * Marks every unread notification of an admin up to a cursor read.
	 * @param recipientId the admin
	 * @param upTo the newest notification the admin was shown
	 * @param now when
	 * @return the ids marked read
	 */
	List<UUID> markAllRead(String recipientId, Cursor upTo, Instant now) {
		return this.jdbc.sql("""
				UPDATE notification SET read_at = :now
				WHERE recipient_id = :recipient AND seq <= :upTo AND read_at IS NULL AND deleted_at IS NULL
				  AND (expires_at IS NULL OR expires_at > :now)
				RETURNING notification_id
				""")
			.param("now", Timestamp.from(now))
			.param("recipient", recipientId)
			.param("upTo", upTo.seq())
			.query(UUID.class)
			.list();
	}

	/**
	 * Deletes one of an admin's notifications, keeping a tombstone until retention purges
	 * it so that a redelivery cannot bring it back.
	 * @param recipientId the admin
	 * @param notificationId the notification
	 * @param now when
	 * @return what became of it
	 */
	Change delete(String recipientId, UUID notificationId, Instant now) {
		int changed = this.jdbc.sql("""
				UPDATE notification SET deleted_at = :now
				WHERE recipient_id = :recipient AND notification_id = :id AND deleted_at IS NULL
				  AND (expires_at IS NULL OR expires_at > :now)
				""")
			.param("now", Timestamp.from(now))
			.param("recipient", recipientId)
			.param("id", notificationId)
			.update();
		return (changed == 1) ? Change.CHANGED : Change.NOT_FOUND;
	}

	private Change visible(String recipientId, UUID notificationId, Instant now) {
		boolean exists = this.jdbc.sql("""
				SELECT count(*) FROM notification
				WHERE recipient_id = :recipient AND notification_id = :id AND deleted_at IS NULL
				  AND (expires_at IS NULL OR expires_at > :now)
				""")
			.param("recipient", recipientId)
			.param("id", notificationId)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single() == 1;
		return exists ? Change.UNCHANGED : Change.NOT_FOUND;
	}

	private JsonNode jsonOf(String text) {
		return (text != null) ? this.json.readTree(text) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** What a change did to a notification. */
	enum Change {

		/** It changed. */
		CHANGED,
		/** It was so already. */
		UNCHANGED,
		/** The admin has no such notification (or it is deleted or expired). */
		NOT_FOUND

	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
