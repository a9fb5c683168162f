package com.backoffice.notify.support;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One poll of a binding in batch mode, record by record. The binder's own dead-lettering
 * cannot be used there (it dead-letters the whole poll), so a record that is rejected is
 * sent to {@code <topic>.dlq} alone by {@link DeadLettering}, and the rest of the batch
 * goes on.
 */
public final class EventBatch {

	private static final Logger logger = LoggerFactory.getLogger(EventBatch.class);

	private final Message<List<byte[]>> batch;

	private final ObservationRegistry observations;

	private EventBatch(Message<List<byte[]>> batch, ObservationRegistry observations) {
		this.batch = batch;
		this.observations = observations;
	}

	/**
	 * Wraps a batch as the binder delivers it.
	 * @param batch the payloads, with their headers as lists in the same order
	 * @param observations where each record's reading is observed (see
	 * {@link EventTracing})
	 * @return the batch
	 */
	public static EventBatch of(Message<List<byte[]>> batch, ObservationRegistry observations) {
		return new EventBatch(batch, observations);
	}

	/**
	 * Returns how many records the batch holds.
	 * @return the size
	 */
	public int size() {
		return this.batch.getPayload().size();
	}

	/**
	 * Returns one record, with its own headers, as a record-mode binding would deliver
	 * it; a tombstone's payload is empty.
	 * @param index the record's position in the batch
	 * @return the record
	 */
	public Message<byte[]> record(int index) {
		byte[] payload = isTombstone(index) ? new byte[0] : this.batch.getPayload().get(index);
		MessageBuilder<byte[]> record = MessageBuilder.withPayload(payload);
		if (this.batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> converted
				&& converted.get(index) instanceof Map<?, ?> headers) {
			headers.forEach((name, value) -> record.setHeader(name.toString(), value));
		}
		for (String name : List.of(KafkaHeaders.RECEIVED_TOPIC, KafkaHeaders.RECEIVED_PARTITION, KafkaHeaders.OFFSET,
				KafkaHeaders.RECEIVED_KEY)) {
			if (this.batch.getHeaders().get(name) instanceof List<?> values && index < values.size()) {
				record.setHeader(name, values.get(index));
			}
		}
		return record.build();
	}

	/**
	 * Hands each record to a reader, in order, in the record's own span (see
	 * {@link EventTracing}); a record the reader rejects, or a tombstone, is sent alone
	 * to its topic's dead letters (see {@link DeadLettering}), and the others go on.
	 * @param reader reads one record, throwing {@link RejectedEventException} for one it
	 * cannot read
	 * @param output the bridge to dead-letter with
	 * @return how many records were rejected
	 */
	public int readEach(Consumer<Message<byte[]>> reader, StreamBridge output) {
		int rejected = 0;
		for (int i = 0; i < size(); i++) {
			Message<byte[]> record = record(i);
			Observation observation = EventTracing.received(record, this.observations).start();
			try (Observation.Scope scope = observation.openScope()) {
				if (isTombstone(i)) {
					throw new RejectedEventException("payload is a tombstone (null value)");
				}
				reader.accept(record);
				logger.debug("Read {} of {}", CloudEvents.header(record, CloudEvents.ID),
						record.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
			}
			catch (RejectedEventException ex) {
				observation.error(ex);
				rejected++;
				// the warning names the record's trace: log and send while its span is
				// current
				try (Observation.Scope scope = observation.openScope()) {
					logger.warn("Dead-lettered a record: {}", ex.getMessage());
					DeadLettering.send(record, ex, ex.getMessage(), output);
				}
			}
			finally {
				observation.stop();
			}
		}
		return rejected;
	}

	/**
	 * The error handling of a binding in batch mode whose records are all readable but
	 * whose poll could not be handled (its database is down): the poll is tried again,
	 * backing off from 500 ms up to 30 s, for as long as it takes. Never skipped, never
	 * dead-lettered, since nothing is wrong with the records.
	 * @return the customizer to declare as a bean
	 */
	public static ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryPollsUntilHandled() {
		return (container, destination, group) -> {
			ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
			backOff.setMaxInterval(30_000);
			container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
		};
	}

	/**
	 * Tells whether a record is a tombstone (a null value): the binder hands its payload
	 * over as {@code KafkaNull}, whatever the batch's type says.
	 */
	private boolean isTombstone(int index) {
		List<?> payloads = this.batch.getPayload();
		return !(payloads.get(index) instanceof byte[]);
	}

}
