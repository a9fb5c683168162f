package com.backoffice.notify.support;

import java.time.Instant;

/**
 * What every reader of {@code notification.dispatched.v1} refuses alike, so that no
 * browser or phone shows a notification the timeline refused: a text longer than its
 * column in the timeline or holding a NUL character (which PostgreSQL cannot store), and
 * a time outside the years 1 to 9999. Each check throws {@link RejectedEventException}
 * saying what is wrong.
 */
public final class DispatchedChecks {

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private DispatchedChecks() {
	}

	/**
	 * Checks the texts a notification is shown with.
	 * @param type its type
	 * @param title its title
	 * @param body its body, or {@code null}
	 * @param link its link, or {@code null}
	 */
	public static void requireShowable(String type, String title, String body, String link) {
		requireFits("type", type, FieldLimits.TYPE);
		requireFits("title", title, FieldLimits.TITLE);
		requireFits("body", body, FieldLimits.BODY);
		requireFits("link", link, FieldLimits.LINK);
	}

	/**
	 * Checks that a text fits a {@code varchar(n)} column and holds no NUL.
	 * @param field the field's name, for the reason
	 * @param value the text, or {@code null}
	 * @param maxLength the column's length, in characters
	 */
	public static void requireFits(String field, String value, int maxLength) {
		requireNoNul(field, value);
		if (value != null) {
			// varchar(n) counts characters, not UTF-16 units
			int length = value.codePointCount(0, value.length());
			if (length > maxLength) {
				throw new RejectedEventException(
						field + " is " + length + " characters long, more than its column's " + maxLength);
			}
		}
	}

	/**
	 * Checks that a text holds no NUL.
	 * @param field the field's name, for the reason
	 * @param value the text, or {@code null}
	 */
	public static void requireNoNul(String field, String value) {
		if (value != null && value.indexOf('\0') >= 0) {
			throw new RejectedEventException(
					field + " contains a NUL character (\\u0000), which PostgreSQL cannot store");
		}
	}

	/**
	 * Checks that a time lies in the years 1 to 9999, as PostgreSQL and epoch
	 * milliseconds hold it.
	 * @param field the field's name, for the reason
	 * @param instant the time, or {@code null}
	 */
	public static void requireInYears(String field, Instant instant) {
		if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
			throw new RejectedEventException(field + " " + instant + " is outside the years 1 to 9999");
		}
	}

}
