package com.backoffice.notify.gateway.stream;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;

/**
 * The trace fields a notification carries on the stream: {@code traceId}, for support to
 * find the notification's trace from what a browser received, and {@code traceparent}
 * (W3C), from which each replica's write to a browser continues the trace. They are added
 * first in the event's JSON, where they are cheap to find again.
 */
public final class TraceFields {

	private static final String TRACEPARENT = "\"traceparent\":\"";

	/** Where the fields end at the latest, when they were added. */
	private static final int AT_THE_FRONT = 120;

	private TraceFields() {
	}

	/**
	 * Adds a span's trace fields to an event.
	 * @param json the event, a JSON object
	 * @param span the span the event was read in, or {@code null} when not traced
	 * @return the event with the fields first, or as it was
	 */
	public static String added(String json, Span span) {
		int open = json.indexOf('{');
		if (span == null || open < 0) {
			return json;
		}
		TraceContext context = span.context();
		String fields = "\"traceId\":\"" + context.traceId() + "\"," + TRACEPARENT + "00-" + context.traceId() + "-"
				+ context.spanId() + "-" + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01") + "\"";
		int next = open + 1;
		while (next < json.length() && Character.isWhitespace(json.charAt(next))) {
			next++;
		}
		boolean empty = next < json.length() && json.charAt(next) == '}';
		return json.substring(0, open + 1) + fields + (empty ? "" : ",") + json.substring(open + 1);
	}

	/**
	 * Returns the {@code traceparent} an event was given by {@link #added}.
	 * @param json the event
	 * @return the W3C trace parent, or {@code null}
	 */
	static String traceparent(String json) {
		int at = json.indexOf(TRACEPARENT);
		if (at < 0 || at > AT_THE_FRONT) {
			return null;
		}
		int start = at + TRACEPARENT.length();
		int end = json.indexOf('"', start);
		return (end > start) ? json.substring(start, end) : null;
	}

}
