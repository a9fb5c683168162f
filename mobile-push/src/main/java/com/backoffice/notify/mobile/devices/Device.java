package com.backoffice.notify.mobile.devices;

import java.time.Instant;

/**
 * A device of an admin's, as the API shows it.
 *
 * @param token the FCM registration token
 * @param platform the app's platform
 * @param appVersion the app's version, if given
 * @param locale the app's locale, if given
 * @param registeredAt when the token was first registered to this admin
 * @param lastSeenAt when the app last registered it
 */
record Device(String token, Platform platform, String appVersion, String locale, Instant registeredAt,
		Instant lastSeenAt) {

	enum Platform {

		ANDROID, IOS, WEB

	}

}
