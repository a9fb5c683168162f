package com.backoffice.notify.router.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.backoffice.notify.support.RejectedEventException;

/**
 * A domain service's request, as read from {@code notification.requested.v1}.
 */
record NotificationRequested(String type, Priority priority, Audience audience, String title, String body, String link,
		Map<String, String> data, List<Channel> channels, String groupKey, Instant expiresAt) {

	NotificationRequested {
		require(type, "type");
		require(priority, "priority");
		require(audience, "audience");
		require(title, "title");
	}

	private static void require(Object value, String field) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			throw new RejectedEventException(field + " is required");
		}
	}

	/**
	 * Who a request is for: the union of the selectors, narrowed by roles.
	 */
	record Audience(List<String> adminIds, List<String> mallIds, List<String> partnerIds, Boolean all,
			List<String> roles) {

		Audience {
			all = Boolean.TRUE.equals(all);
			adminIds = (adminIds != null) ? List.copyOf(adminIds) : List.of();
			mallIds = (mallIds != null) ? List.copyOf(mallIds) : List.of();
			partnerIds = (partnerIds != null) ? List.copyOf(partnerIds) : List.of();
			roles = (roles != null) ? List.copyOf(roles) : List.of();
		}

	}

}
