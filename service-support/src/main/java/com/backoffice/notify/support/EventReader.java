package com.backoffice.notify.support;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;

/**
 * Reads an event's JSON payload into a record, or rejects it with a reason an operator
 * can act on. Function beans take {@code Message<byte[]>} and call this, because Spring
 * Cloud Function hands a payload it cannot convert to the function as raw bytes, which
 * would fail with a {@code ClassCastException} that says nothing about the event.
 */
public class EventReader {

	private final JsonMapper json;

	/**
	 * Creates a reader.
	 * @param json the application's JSON mapper
	 */
	public EventReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Reads an event's payload.
	 * @param <T> the record type
	 * @param message the message as the binder received it
	 * @param type the record type
	 * @return the record, never {@code null}
	 * @throws RejectedEventException when the payload is empty, not JSON, or not of that
	 * shape
	 */
	public <T> T read(Message<byte[]> message, Class<T> type) {
		byte[] payload = message.getPayload();
		if (payload.length == 0) {
			throw new RejectedEventException("payload is empty");
		}
		try {
			T event = this.json.readValue(payload, type);
			if (event == null) {
				throw new RejectedEventException("payload is JSON null");
			}
			return event;
		}
		catch (StreamReadException ex) {
			throw new RejectedEventException("payload is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof RejectedEventException rejected) {
				throw new RejectedEventException(
						"payload is not a valid " + type.getSimpleName() + ": " + rejected.getMessage(), ex);
			}
			throw new RejectedEventException("payload is not a valid " + type.getSimpleName() + " at '"
					+ ex.getPathReference() + "': " + ex.getOriginalMessage(), ex);
		}
	}

}
