package com.backoffice.notify.mobile.sending;

import java.util.List;
import java.util.UUID;

import com.backoffice.notify.support.RejectedEventException;

/**
 * The parts of a {@code notification.dispatched.v1} event a push is made of.
 */
record NotificationDispatched(UUID notificationId, String recipientId, String type, String priority, String title,
		String body, String link, List<String> channels) {

	NotificationDispatched {
		if (notificationId == null) {
			throw new RejectedEventException("notificationId is required");
		}
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
		channels = (channels != null) ? List.copyOf(channels) : List.of();
	}

	boolean forMobile() {
		return this.channels.contains("MOBILE");
	}

}
