package com.backoffice.notify.gateway.stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis stream entry id, {@code <ms>-<seq>}: ordered, and the SSE event id.
 *
 * @param millis its time part
 * @param sequence its sequence part
 */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

	/**
	 * Reads an id.
	 * @param text {@code <ms>-<seq>}
	 * @return the id
	 * @throws IllegalArgumentException when the text is not an id
	 */
	static StreamId parse(String text) {
		Matcher matcher = (text != null) ? FORMAT.matcher(text) : null;
		if (matcher == null || !matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not an event id of this stream");
		}
		try {
			return new StreamId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an event id of this stream", ex);
		}
	}

	@Override
	public int compareTo(StreamId other) {
		int byTime = Long.compare(this.millis, other.millis);
		return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
	}

	@Override
	public String toString() {
		return this.millis + "-" + this.sequence;
	}

}
