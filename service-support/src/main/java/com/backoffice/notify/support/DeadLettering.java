package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends one record to {@code <topic>.dlq} with the headers the binder's own
 * dead-lettering writes ({@code x-original-topic}, {@code x-original-partition},
 * {@code x-original-offset}, {@code x-exception-fqcn}, {@code x-exception-message}), for
 * the readers the binder cannot dead-letter for: a batch binding, whose failed record the
 * binder would dead-letter with the whole poll, and a plain consumer outside the binder
 * (the router's directory). Spring Kafka's {@code DeadLetterPublishingRecoverer} does
 * this for a {@code KafkaTemplate} and its own {@code kafka_dlt-*} headers; the
 * platform's dead letters go through the binder's producer, with the binder's headers
 * that the {@code dead-letters} tool reads, so the few lines are written here, once.
 */
public final class DeadLettering {

	/** The counter of dead letters, tagged {@code topic}. */
	public static final String DEAD_LETTERS = "notify.dead.letters";

	private DeadLettering() {
	}

	/**
	 * Sends a rejected record to its topic's dead letters, waiting for the broker, and
	 * counts it.
	 * @param record the record as a binding receives it (its {@code kafka_received*}
	 * headers say where it was read)
	 * @param failure what refused it
	 * @param reason why, for the person reading the dead letter
	 * @param output the bridge to send it with
	 * @throws IllegalStateException when the broker did not take it
	 */
	public static void send(Message<byte[]> record, RuntimeException failure, String reason, StreamBridge output) {
		String topic = String.valueOf(record.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
		MessageBuilder<byte[]> dead = MessageBuilder.withPayload(record.getPayload());
		record.getHeaders().forEach((name, value) -> {
			if (!name.startsWith("kafka_") && !name.equals(MessageHeaders.ID)
					&& !name.equals(MessageHeaders.TIMESTAMP)) {
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
			.setHeader("x-exception-fqcn", failure.getClass().getName())
			.setHeader("x-exception-message", reason);
		if (!output.send(topic + ".dlq", dead.build())) {
			throw new IllegalStateException("Could not dead-letter a record of " + topic + ": " + reason);
		}
		counted(Metrics.globalRegistry, topic);
	}

	/**
	 * Returns a record read by a plain Kafka consumer as a binding would receive it: its
	 * headers, its key and where it was read; a tombstone's payload is empty.
	 * @param record the record
	 * @return the message, for {@link #send}
	 */
	public static Message<byte[]> received(ConsumerRecord<String, byte[]> record) {
		MessageBuilder<byte[]> message = MessageBuilder
			.withPayload((record.value() != null) ? record.value() : new byte[0]);
		for (Header header : record.headers()) {
			// a record's own "id" or "timestamp" header is not the message's (which must
			// be
			// a UUID and a long): it is left out, as send leaves them out
			if (!header.key().equals(MessageHeaders.ID) && !header.key().equals(MessageHeaders.TIMESTAMP)) {
				message.setHeader(header.key(), header.value());
			}
		}
		if (record.key() != null) {
			message.setHeader(KafkaHeaders.RECEIVED_KEY, record.key());
		}
		return message.setHeader(KafkaHeaders.RECEIVED_TOPIC, record.topic())
			.setHeader(KafkaHeaders.RECEIVED_PARTITION, record.partition())
			.setHeader(KafkaHeaders.OFFSET, record.offset())
			.build();
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

}
