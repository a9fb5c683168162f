package com.backoffice.notify.store.timeline;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * An admin's own timeline: the token's {@code sub} is the admin, and no request reaches
 * another admin's notifications (they answer 404, as ids that do not exist do).
 */
@RestController
@RequestMapping("/api/timeline")
class TimelineApi {

	static final int MAX_LIMIT = 100;

	/** A notification type, as {@code PreferencesApi} accepts it. */
	private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	private final TimelineRepository timeline;

	private final ReadStates readStates;

	private final Clock clock;

	TimelineApi(TimelineRepository timeline, ReadStates readStates, Clock clock) {
		this.timeline = timeline;
		this.readStates = readStates;
		this.clock = clock;
	}

	/**
	 * A page of the timeline, newest first.
	 * @param admin the token
	 * @param limit at most this many items, 1 to 100
	 * @param before the {@code next} cursor of the previous page, to read on
	 * @param unread only unread items
	 * @param type only items of this type
	 * @return the items, and the cursor of the next page ({@code null} at the end)
	 */
	@GetMapping
	TimelinePage page(@AuthenticationPrincipal Jwt admin, @RequestParam(defaultValue = "20") int limit,
			@RequestParam(required = false) String before, @RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(required = false) String type) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'limit' must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		if (type != null && !TYPE.matcher(type).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'type' is not a notification type (lower case letters, digits, '.', '_', '-'; at most 100)");
		}
		Cursor after = (before != null) ? Cursor.parse(before, "before") : null;
		List<TimelineItem> items = this.timeline.page(admin.getSubject(), after, limit + 1, unread, type,
				this.clock.instant());
		boolean more = items.size() > limit;
		List<TimelineItem> shown = more ? items.subList(0, limit) : items;
		return new TimelinePage(shown, more ? shown.get(limit - 1).cursor() : null);
	}

	@GetMapping("/unread-count")
	Map<String, Long> unreadCount(@AuthenticationPrincipal Jwt admin) {
		return Map.of("unreadCount", this.timeline.unreadCount(admin.getSubject(), this.clock.instant()));
	}

	@PostMapping("/{id}/read")
	Map<String, Long> read(@AuthenticationPrincipal Jwt admin, @PathVariable UUID id) {
		return Map.of("unreadCount", this.readStates.read(admin.getSubject(), id));
	}

	/**
	 * Marks everything up to a cursor read: the newest item the admin was shown, so that
	 * nothing that arrived since is marked read unseen.
	 * @param admin the token
	 * @param request {@code {"upTo": "<cursor>"}}
	 * @return how many were marked, and the unread count
	 */
	@PostMapping("/read-all")
	ReadStates.ReadAll readAll(@AuthenticationPrincipal Jwt admin,
			@RequestBody(required = false) ReadAllRequest request) {
		if (request == null || request.upTo() == null || request.upTo().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'upTo' is required: the cursor of the newest item the admin was shown");
		}
		return this.readStates.readAll(admin.getSubject(), Cursor.parse(request.upTo(), "upTo"));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt admin, @PathVariable UUID id) {
		this.readStates.delete(admin.getSubject(), id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * A page of the timeline.
	 *
	 * @param items the items, newest first
	 * @param next the cursor to pass as {@code before} for the next page, {@code null} at
	 * the end
	 */
	record TimelinePage(List<TimelineItem> items, String next) {

	}

	/**
	 * A read-all.
	 *
	 * @param upTo the cursor of the newest item the admin was shown
	 */
	record ReadAllRequest(String upTo) {

	}

}
