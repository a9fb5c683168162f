package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
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
 * sent here to {@code <topic>.dlq} alone, with the binder's headers
 * ({@code x-original-topic}, {@code x-original-partition}, {@code x-original-offset},
 * {@code x-exception-fqcn}, {@code x-exception-message}), and the rest of the batch goes
 * on.
 */
public final class EventBatch {

	/** The counter of dead letters, tagged {@code topic}. */
	public static final String DEAD_LETTERS = "notify.dead.letters";

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
	 * to its topic's dead letters (see {@link #deadLetter}), and the others go on.
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
					deadLetter(record, ex, output);
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
	 * Sends a rejected record to its topic's dead letters, waiting for the broker.
	 * @param record the record, from {@link #record(int)}
	 * @param reason why it was rejected
	 * @param output the bridge to send it with
	 */
	public static void deadLetter(Message<byte[]> record, RejectedEventException reason, StreamBridge output) {
		String topic = String.valueOf(record.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
		MessageBuilder<byte[]> dead = MessageBuilder.withPayload(record.getPayload());
		record.getHeaders().forEach((name, value) -> {
			if (!name.startsWith("kafka_") && !name.equals("id") && !name.equals("timestamp")) {
				dead.setHeader(name, value);
			}
		});
		Object key = record.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
		if (key != null) {
			dead.setHeader(KafkaHeaders.KEY,
					(key instanceof byte[]) ? key : key.toString().getBytes(StandardCharsets.UTF_8));
		}
		dead.setHeader("x-original-topic", topic)
			.setHeader("x-original-partition", String.valueOf(record.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION)))
			.setHeader("x-original-offset", String.valueOf(record.getHeaders().get(KafkaHeaders.OFFSET)))
			.setHeader("x-exception-fqcn", reason.getClass().getName())
			.setHeader("x-exception-message", reason.getMessage());
		if (!output.send(topic + ".dlq", dead.build())) {
			throw new IllegalStateException("Could not dead-letter a record of " + topic + ": " + reason.getMessage());
		}
		counted(Metrics.globalRegistry, topic);
	}

	/**
	 * Counts a dead letter in {@value #DEAD_LETTERS}, by the topic it was read from: the
	 * figure the dashboards and the alert on dead letters watch.
	 * @param meters the registry
	 * @param topic the topic the record was read from
	 */
	public static void counted(MeterRegistry meters, String topic) {
		Counter.builder(DEAD_LETTERS)
			.description("Records sent to <topic>.dlq, by the topic they were read from")
			.tag("topic", topic)
			.register(meters)
			.increment();
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
