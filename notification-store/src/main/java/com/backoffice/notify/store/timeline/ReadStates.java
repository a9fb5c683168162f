package com.backoffice.notify.store.timeline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.backoffice.notify.store.outbox.Outbox;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Changes an admin's read state and publishes the change with the new unread count to
 * {@code notification.state.v1} (binding {@code state}), keyed by the admin, so that
 * every open tab and device updates its badge.
 */
@Component
class ReadStates {

	static final String STATE = "notification.state.v1";

	/**
	 * A read-all of more lists no ids (the event would outgrow a Kafka record); its
	 * unread count says enough.
	 */
	private static final int MAX_IDS_IN_EVENT = 1000;

	private final TimelineRepository timeline;

	private final TransactionTemplate transactions;

	private final Outbox outbox;

	private final Clock clock;

	ReadStates(TimelineRepository timeline, TransactionTemplate transactions, Outbox outbox, Clock clock) {
		this.timeline = timeline;
		this.transactions = transactions;
		this.outbox = outbox;
		this.clock = clock;
	}

	long read(String adminId, UUID notificationId) {
		Instant now = this.clock.instant();
		Long unread = this.transactions
			.execute((status) -> switch (this.timeline.markRead(adminId, notificationId, now)) {
				case CHANGED -> publish(adminId, NotificationStateChanged.Kind.READ, List.of(notificationId), now);
				case UNCHANGED -> this.timeline.unreadCount(adminId, now);
				case NOT_FOUND -> throw notFound(notificationId);
			});
		return unread;
	}

	ReadAll readAll(String adminId, Cursor upTo) {
		Instant now = this.clock.instant();
		return this.transactions.execute((status) -> {
			List<UUID> read = this.timeline.markAllRead(adminId, upTo, now);
			long unread = read.isEmpty() ? this.timeline.unreadCount(adminId, now) : publish(adminId,
					NotificationStateChanged.Kind.READ_ALL, (read.size() <= MAX_IDS_IN_EVENT) ? read : List.of(), now);
			return new ReadAll(read.size(), unread);
		});
	}

	long delete(String adminId, UUID notificationId) {
		Instant now = this.clock.instant();
		Long unread = this.transactions
			.execute((status) -> switch (this.timeline.delete(adminId, notificationId, now)) {
				case CHANGED -> publish(adminId, NotificationStateChanged.Kind.DELETED, List.of(notificationId), now);
				case UNCHANGED, NOT_FOUND -> throw notFound(notificationId);
			});
		return unread;
	}

	/**
	 * Counts within the change's transaction, so the event carries the count the change
	 * left, and publishes through the outbox, so the event is sent if and only if the
	 * change commits.
	 */
	private long publish(String adminId, NotificationStateChanged.Kind kind, List<UUID> ids, Instant now) {
		long unread = this.timeline.unreadCount(adminId, now);
		this.outbox.publish("state", adminId, STATE, new NotificationStateChanged(adminId, kind, ids, unread, now),
				now);
		return unread;
	}

	private static ResponseStatusException notFound(UUID notificationId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "You have no notification " + notificationId);
	}

	/**
	 * What a read-all did.
	 *
	 * @param read how many notifications it marked read
	 * @param unreadCount the unread count after it
	 */
	record ReadAll(int read, long unreadCount) {

	}

}
