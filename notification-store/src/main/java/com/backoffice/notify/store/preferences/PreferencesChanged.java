package com.backoffice.notify.store.preferences;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An admin's whole preferences, as the API shows them and as written to
 * {@code notification.preferences.v1}.
 *
 * @param adminId the admin
 * @param muted the types the admin does not want (URGENT ones still arrive)
 * @param channels per type, the channels the admin wants it on
 * @param updatedAt when they last changed, {@code null} if never
 */
record PreferencesChanged(String adminId, List<String> muted, Map<String, List<Channel>> channels, Instant updatedAt) {

	enum Channel {

		WEB, MOBILE

	}

}
