package com.backoffice.notify.gateway.fanout;

import com.backoffice.notify.support.RejectedEventException;

/**
 * The part of a {@code notification.state.v1} event the gateway routes by; the payload
 * itself goes to the browser as it came.
 */
record NotificationStateChanged(String recipientId) {

	NotificationStateChanged {
		if (recipientId == null || recipientId.isBlank()) {
			throw new RejectedEventException("recipientId is required");
		}
	}

}
