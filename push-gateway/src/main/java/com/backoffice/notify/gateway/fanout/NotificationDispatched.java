package com.backoffice.notify.gateway.fanout;

import java.time.Instant;
import java.util.UUID;

import com.backoffice.notify.support.RejectedEventException;

/**
 * The parts of a {@code notification.dispatched.v1} event the gateway routes by; the
 * payload itself goes to the browser as it came.
 */
record NotificationDispatched(UUID notificationId, String recipientId, Instant createdAt) {

	NotificationDispatched {
		if (notificationId == null) {
			throw new RejectedEventException("notificationId is required");
		}
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
	}

}
