package com.backoffice.notify.mobile.devices;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * An admin's own devices. The app registers its FCM token on every start (which keeps it
 * fresh) and removes it on sign-out; a token registered by another admin (a shared phone)
 * moves to the one who registered it last.
 */
@RestController
@RequestMapping("/api/devices")
class DeviceApi {

	/** FCM tokens are URL-safe: letters, digits, '-', '_', ':' and '.'. */
	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:.\\-]{1,1024}");

	private static final Pattern APP_VERSION = Pattern.compile("[A-Za-z0-9_.+\\-]{1,32}");

	/** A language tag, at most 35 characters as its column holds. */
	private static final Pattern LOCALE = Pattern.compile("(?=.{2,35}$)[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8}){0,4}");

	private final DeviceDirectory devices;

	DeviceApi(DeviceDirectory devices) {
		this.devices = devices;
	}

	@GetMapping
	List<Device> list(@AuthenticationPrincipal Jwt admin) {
		return this.devices.devicesOf(admin.getSubject());
	}

	/**
	 * Registers a device to the admin, or refreshes it.
	 * @param admin the token
	 * @param token the FCM registration token
	 * @param request {@code {"platform": "ANDROID|IOS|WEB", "appVersion": "...",
	 * "locale": "ko-KR"}}
	 * @return 201 with the device when it is new to the admin, else 200
	 */
	@PutMapping("/{token}")
	ResponseEntity<Device> register(@AuthenticationPrincipal Jwt admin, @PathVariable String token,
			@RequestBody Registration request) {
		checkToken(token);
		if (request.platform() == null) {
			throw badRequest("'platform' is required: ANDROID, IOS or WEB");
		}
		check(request.appVersion(), APP_VERSION, "appVersion", "at most 32 letters, digits, '.', '_', '+' or '-'");
		check(request.locale(), LOCALE, "locale", "a language tag such as ko-KR");
		DeviceDirectory.Registered registered = this.devices.register(admin.getSubject(), token, request.platform(),
				request.appVersion(), request.locale());
		return ResponseEntity.status(registered.newTo(admin.getSubject()) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(registered.device());
	}

	/**
	 * Removes one of the admin's devices.
	 * @param admin the token
	 * @param token the FCM registration token
	 * @return 204, or 404 when the admin has no such device
	 */
	@DeleteMapping("/{token}")
	ResponseEntity<Void> unregister(@AuthenticationPrincipal Jwt admin, @PathVariable String token) {
		checkToken(token);
		if (!this.devices.unregister(admin.getSubject(), token)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No device with this token is registered to you");
		}
		return ResponseEntity.noContent().build();
	}

	private static void checkToken(String token) {
		check(token, TOKEN, "the token", "an FCM registration token: 1 to 1024 letters, digits, '-', '_', ':' or '.'");
	}

	private static void check(String value, Pattern pattern, String field, String expected) {
		if (value != null && !pattern.matcher(value).matches()) {
			throw badRequest(
					field.startsWith("the") ? "This is not " + expected : "'" + field + "' must be " + expected);
		}
	}

	private static ResponseStatusException badRequest(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * A device's registration.
	 *
	 * @param platform the app's platform
	 * @param appVersion the app's version
	 * @param locale the app's locale
	 */
	record Registration(Device.Platform platform, String appVersion, String locale) {

	}

}
