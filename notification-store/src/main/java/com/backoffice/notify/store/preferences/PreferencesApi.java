package com.backoffice.notify.store.preferences;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.backoffice.notify.store.outbox.Outbox;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * An admin's own preferences. Every change is stored and published whole (the topic is
 * compacted, keyed by admin) through the binding {@code preferences}, in one transaction
 * by way of the outbox.
 */
@RestController
@RequestMapping("/api/preferences")
class PreferencesApi {

	static final String TOPIC = "notification.preferences.v1";

	private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	private static final int MAX_TYPES = 200;

	private final PreferencesRepository preferences;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	PreferencesApi(PreferencesRepository preferences, Outbox outbox, TransactionTemplate transactions, Clock clock) {
		this.preferences = preferences;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	@GetMapping
	PreferencesChanged get(@AuthenticationPrincipal Jwt admin) {
		return this.preferences.find(admin.getSubject())
			.orElseGet(() -> new PreferencesChanged(admin.getSubject(), List.of(), Map.of(), null));
	}

	/**
	 * Replaces the admin's preferences.
	 * @param admin the token
	 * @param request {@code {"muted": [types], "channels": {type: ["WEB", "MOBILE"]}}}
	 * @return the preferences as stored
	 */
	@PutMapping
	PreferencesChanged put(@AuthenticationPrincipal Jwt admin, @RequestBody Request request) {
		List<String> muted = types(request.muted(), "muted");
		Map<String, List<PreferencesChanged.Channel>> channels = new LinkedHashMap<>();
		Map<String, List<PreferencesChanged.Channel>> asked = (request.channels() != null) ? request.channels()
				: Map.of();
		List<String> channelTypes = types(new ArrayList<>(asked.keySet()), "channels");
		for (String type : channelTypes) {
			List<PreferencesChanged.Channel> wanted = asked.get(type);
			if (wanted == null || wanted.contains(null)) {
				throw badRequest("channels of '" + type + "' must be a list of WEB and MOBILE");
			}
			channels.put(type, List.copyOf(new LinkedHashSet<>(wanted)));
		}
		// PostgreSQL keeps microseconds: what is published is what is read back
		PreferencesChanged changed = new PreferencesChanged(admin.getSubject(), muted, channels,
				this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		this.transactions.executeWithoutResult((status) -> {
			this.preferences.save(changed);
			this.outbox.publish("preferences", changed.adminId(), TOPIC, changed, changed.updatedAt());
		});
		return changed;
	}

	private static List<String> types(List<String> types, String field) {
		if (types == null) {
			return List.of();
		}
		if (types.size() > MAX_TYPES) {
			throw badRequest("'" + field + "' lists " + types.size() + " types, at most " + MAX_TYPES + " are allowed");
		}
		for (String type : types) {
			if (type == null || !TYPE.matcher(type).matches()) {
				throw badRequest("'" + field + "' holds '" + type
						+ "', not a notification type (lower case letters, digits, '.', '_', '-'; at most 100)");
			}
		}
		return List.copyOf(new LinkedHashSet<>(types));
	}

	private static ResponseStatusException badRequest(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * A change of preferences.
	 *
	 * @param muted the types to mute
	 * @param channels per type, the channels wanted
	 */
	record Request(List<String> muted, Map<String, List<PreferencesChanged.Channel>> channels) {

	}

}
