package com.backoffice.notify.gateway.fanout;

import java.time.Instant;
import java.util.UUID;

import com.backoffice.notify.support.DispatchedChecks;
import com.backoffice.notify.support.RejectedEventException;

/**
 * The parts of a {@code notification.dispatched.v1} event the gateway routes by, and the
 * texts it checks as the timeline does (so that no browser shows what the timeline
 * refused); the payload itself goes to the browser as it came.
 */
record NotificationDispatched(UUID notificationId, String recipientId, Instant createdAt, String type, String title,
		String body, String link) {

	NotificationDispatched {
		if (notificationId == null) {
			throw new RejectedEventException("notificationId is required");
		}
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
		// the buffer orders by epoch milliseconds, which a far-off time overflows
		DispatchedChecks.requireInYears("createdAt", createdAt);
		DispatchedChecks.requireShowable(type, title, body, link);
	}

}
