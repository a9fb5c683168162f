package com.backoffice.notify.router.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.backoffice.notify.support.RejectedEventException;

/**
 * An admin's preferences, as read from {@code notification.preferences.v1}.
 */
record PreferencesChanged(String adminId, List<String> muted, Map<String, List<String>> channels, Instant updatedAt) {

	PreferencesChanged {
		if (adminId == null || adminId.isBlank()) {
			throw new RejectedEventException("adminId is required");
		}
		if (muted != null && muted.stream().anyMatch(Objects::isNull)) {
			throw new RejectedEventException("muted must be a list of types, without nulls");
		}
		if (channels != null) {
			channels.forEach((type, wanted) -> {
				if (wanted == null || wanted.stream().anyMatch(Objects::isNull)) {
					throw new RejectedEventException(
							"channels of '" + type + "' must be a list of channel names, without nulls");
				}
			});
		}
		muted = (muted != null) ? List.copyOf(muted) : List.of();
		channels = (channels != null) ? Map.copyOf(channels) : Map.of();
	}

}
