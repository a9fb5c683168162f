package com.backoffice.notify.store.timeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An admin's read state changed, as written to {@code notification.state.v1}.
 *
 * @param recipientId the admin
 * @param change what changed
 * @param notificationIds the notifications it changed
 * @param unreadCount the admin's unread count after it
 * @param at when
 */
record NotificationStateChanged(String recipientId, Kind change, List<UUID> notificationIds, long unreadCount,
		Instant at) {

	enum Kind {

		READ, READ_ALL, DELETED

	}

}
