package com.backoffice.notify.support;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;

/**
 * Reads an event's JSON payload into a record, or rejects it with a reason an operator
 * can act on. Function beans take {@code Message<byte[]>} and call this, because Spring
 * Cloud Function hands a payload it cannot convert to the function as raw bytes, which
 * would fail with a {@code ClassCastException} that says nothing about the event.
 */
public class EventReader {

	/** The deepest an event's JSON may nest. */
	public static final int MAX_NESTING_DEPTH = 64;

	/** The largest an event may be, in bytes. */
	public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

	private final JsonMapper json;

	/**
	 * Creates a reader.
	 * @param json the mapper to read with, built on {@link #jsonFactory()} so that the
	 * limits hold
	 */
	public EventReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Returns a JSON factory that stops reading an event nested deeper than
	 * {@link #MAX_NESTING_DEPTH} or longer than {@link #MAX_DOCUMENT_BYTES}, long before
	 * it could exhaust the stack or the heap.
	 * @return the factory
	 */
	public static JsonFactory jsonFactory() {
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxDocumentLength(MAX_DOCUMENT_BYTES)
			.build();
		return JsonFactory.builder().streamReadConstraints(limits).build();
	}

	/**
	 * Reads an event's payload.
	 * @param <T> the record type
	 * @param message the message as the binder received it
	 * @param type the record type
	 * @return the record, never {@code null}
	 * @throws RejectedEventException when the payload is a tombstone, empty, too large,
	 * not JSON, or not of that shape
	 */
	public <T> T read(Message<byte[]> message, Class<T> type) {
		// a tombstone's payload is KafkaNull, whatever the message's type says
		if (!(((Message<?>) message).getPayload() instanceof byte[] payload)) {
			throw new RejectedEventException("payload is a tombstone (null value)");
		}
		if (payload.length == 0) {
			throw new RejectedEventException("payload is empty");
		}
		// the factory's document length limit is not checked on a byte array
		if (payload.length > MAX_DOCUMENT_BYTES) {
			throw new RejectedEventException(
					"payload is " + payload.length + " bytes, more than the " + MAX_DOCUMENT_BYTES + " allowed");
		}
		try {
			T event = this.json.readValue(payload, type);
			if (event == null) {
				throw new RejectedEventException("payload is JSON null");
			}
			return event;
		}
		catch (StreamReadException | StreamConstraintsException ex) {
			throw new RejectedEventException("payload is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof StreamConstraintsException limit) {
				throw new RejectedEventException("payload is not valid JSON: " + limit.getOriginalMessage(), ex);
			}
			if (ex.getCause() instanceof RejectedEventException rejected) {
				throw new RejectedEventException(
						"payload is not a valid " + type.getSimpleName() + ": " + rejected.getMessage(), ex);
			}
			throw new RejectedEventException("payload is not a valid " + type.getSimpleName() + " at '"
					+ ex.getPathReference() + "': " + ex.getOriginalMessage(), ex);
		}
	}

}
