package com.backoffice.notify.gateway.fanout;

import java.time.Instant;
import java.util.UUID;

import com.backoffice.notify.support.RejectedEventException;

/**
 * The parts of a {@code notification.dispatched.v1} event the gateway routes by; the
 * payload itself goes to the browser as it came.
 */
record NotificationDispatched(UUID notificationId, String recipientId, Instant createdAt) {

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	NotificationDispatched {
		if (notificationId == null) {
			throw new RejectedEventException("notificationId is required");
		}
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
		// the buffer orders by epoch milliseconds, which a far-off time overflows
		if (createdAt != null && (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST))) {
			throw new RejectedEventException("createdAt " + createdAt + " is outside the years 1 to 9999");
		}
	}

}
