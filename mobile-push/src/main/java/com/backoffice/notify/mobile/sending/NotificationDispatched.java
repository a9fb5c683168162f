package com.backoffice.notify.mobile.sending;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.backoffice.notify.support.DispatchedChecks;
import com.backoffice.notify.support.RejectedEventException;

/**
 * The parts of a {@code notification.dispatched.v1} event a push is made of.
 */
record NotificationDispatched(UUID notificationId, String recipientId, String type, String priority, String title,
		String body, String link, List<String> channels, String groupKey, Instant createdAt, Instant expiresAt) {

	NotificationDispatched {
		if (notificationId == null) {
			throw new RejectedEventException("notificationId is required");
		}
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
		if (type == null || type.isBlank()) {
			throw new RejectedEventException("type is required");
		}
		if (title == null || title.isBlank()) {
			throw new RejectedEventException("title is required");
		}
		// the time to live is counted in milliseconds, which a far-off time overflows
		DispatchedChecks.requireInYears("expiresAt", expiresAt);
		DispatchedChecks.requireInYears("createdAt", createdAt);
		// no phone shows what the timeline refused
		DispatchedChecks.requireShowable(type, title, body, link);
		channels = (channels != null) ? List.copyOf(channels) : List.of();
	}

	boolean forMobile() {
		return this.channels.contains("MOBILE");
	}

	boolean urgent() {
		return "URGENT".equals(this.priority) || "HIGH".equals(this.priority);
	}

	boolean expiredAt(Instant now) {
		return this.expiresAt != null && !this.expiresAt.isAfter(now);
	}

}
