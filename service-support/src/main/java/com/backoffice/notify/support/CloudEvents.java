package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * CloudEvents binary-mode Kafka headers ({@code ce_*}, spec version 1.0).
 */
public final class CloudEvents {

	/** Event id: a request's idempotency key. */
	public static final String ID = "ce_id";

	/** Who produced the event. */
	public static final String SOURCE = "ce_source";

	/** The event type, the topic name by convention. */
	public static final String TYPE = "ce_type";

	/** The CloudEvents spec version, {@value #SPEC_VERSION_1}. */
	public static final String SPEC_VERSION = "ce_specversion";

	/** When the event happened, RFC 3339. */
	public static final String TIME = "ce_time";

	/** The one spec version we speak. */
	public static final String SPEC_VERSION_1 = "1.0";

	private static final String KAFKA_PREFIX = "ce_";

	private static final String CANONICAL_PREFIX = "ce-";

	private CloudEvents() {
	}

	/**
	 * Returns a header as text, whether the producer wrote it as raw bytes (any plain
	 * Kafka client) or Spring mapped it to a string. A {@code ce_} attribute is also
	 * found under the {@code ce-} prefix: Spring Cloud Function renames CloudEvents
	 * attributes to that canonical prefix before some functions see them (when the record
	 * has no {@code content-type} header, as with a plain console producer).
	 * @param message the message
	 * @param name the header name
	 * @return the value, or {@code null} when absent
	 */
	public static String header(Message<?> message, String name) {
		Object value = message.getHeaders().get(name);
		if (value == null && name.startsWith(KAFKA_PREFIX)) {
			value = message.getHeaders().get(CANONICAL_PREFIX + name.substring(KAFKA_PREFIX.length()));
		}
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Returns a header that must be there.
	 * @param message the message
	 * @param name the header name
	 * @return the value, not blank
	 * @throws RejectedEventException when the header is missing or blank
	 */
	public static String requiredHeader(Message<?> message, String name) {
		String value = header(message, name);
		if (value == null || value.isBlank()) {
			throw new RejectedEventException("header " + name + " is missing");
		}
		return value;
	}

	/**
	 * Adds the CloudEvents headers of an event to a message.
	 * @param <T> the payload type
	 * @param builder the message being built
	 * @param id the event id
	 * @param type the event type
	 * @param source who produced it
	 * @param time when it happened
	 * @return the builder
	 */
	public static <T> MessageBuilder<T> withHeaders(MessageBuilder<T> builder, String id, String type, String source,
			Instant time) {
		return builder.setHeader(ID, id)
			.setHeader(TYPE, type)
			.setHeader(SOURCE, source)
			.setHeader(SPEC_VERSION, SPEC_VERSION_1)
			.setHeader(TIME, time.toString());
	}

}
