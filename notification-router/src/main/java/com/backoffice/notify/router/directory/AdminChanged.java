package com.backoffice.notify.router.directory;

import java.time.Instant;
import java.util.List;

import com.backoffice.notify.support.RejectedEventException;

/**
 * An admin's current state, as read from {@code admin.directory.v1}.
 */
record AdminChanged(String adminId, String kind, List<String> mallIds, String partnerId, List<String> roles,
		Boolean active, String locale, Instant updatedAt) {

	AdminChanged {
		if (adminId == null || adminId.isBlank()) {
			throw new RejectedEventException("adminId is required");
		}
		if (active == null) {
			throw new RejectedEventException("active is required");
		}
		mallIds = (mallIds != null) ? List.copyOf(mallIds) : List.of();
		roles = (roles != null) ? List.copyOf(roles) : List.of();
	}

}
