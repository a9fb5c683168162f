package com.backoffice.notify.infrastructure.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka producer and reader on the shared test broker, standing in for a domain
 * service or a downstream consumer.
 */
public final class KafkaTestClient implements AutoCloseable {

	private final String bootstrapServers;

	private final KafkaProducer<String, byte[]> producer;

	private KafkaTestClient(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
	}

	private static KafkaTestClient shared;

	/**
	 * Connects to the shared broker, starting it if this JVM has not yet.
	 * @return a client of its own, for the caller to close
	 */
	public static KafkaTestClient connect() {
		return new KafkaTestClient(SharedServers.kafka().bootstrapServers());
	}

	/**
	 * Returns this JVM's client of the shared broker, which closes when the JVM exits.
	 * @return the client, not to be closed by the caller
	 */
	public static synchronized KafkaTestClient shared() {
		if (shared == null) {
			KafkaTestClient client = connect();
			Runtime.getRuntime().addShutdownHook(new Thread(client::close, "close-kafka-test-client"));
			shared = client;
		}
		return shared;
	}

	/**
	 * Returns the bootstrap servers of the shared broker, starting it if need be.
	 * @return {@code host:port}
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/**
	 * Publishes a tombstone (a null value), as a compacted topic's producer removes a
	 * key.
	 * @param topic the topic
	 * @param key the key to remove
	 */
	public void tombstone(String topic, String key) {
		send(topic, key, (byte[]) null, Map.of());
	}

	/**
	 * Returns CloudEvents binary-mode headers for an event.
	 * @param id the event id ({@code ce_id})
	 * @param type the event type ({@code ce_type}), the topic name by convention
	 * @param source the producer ({@code ce_source})
	 * @return the headers
	 */
	public static Map<String, String> cloudEvent(String id, String type, String source) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("ce_id", id);
		headers.put("ce_source", source);
		headers.put("ce_type", type);
		headers.put("ce_specversion", "1.0");
		headers.put("ce_time", Instant.now().toString());
		headers.put("content-type", "application/json");
		return headers;
	}

	/**
	 * Returns a record of an event with its CloudEvents binary-mode headers, for a
	 * producer of one's own (a benchmark's, batching).
	 * @param topic the topic, which is also the event type
	 * @param key the key
	 * @param value the event, JSON
	 * @param id the event id ({@code ce_id})
	 * @param source the producer ({@code ce_source})
	 * @return the record
	 */
	public static ProducerRecord<String, String> cloudEventRecord(String topic, String key, String value, String id,
			String source) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
		cloudEvent(id, topic, source)
			.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	/**
	 * Publishes a record and waits until the broker has it.
	 * @param topic the topic
	 * @param key the key, or {@code null}
	 * @param value the value, as UTF-8 text
	 * @param headers the headers
	 */
	public void send(String topic, String key, String value, Map<String, String> headers) {
		send(topic, key, (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null, headers);
	}

	/**
	 * Publishes a record of raw bytes and waits until the broker has it.
	 * @param topic the topic
	 * @param key the key, or {@code null}
	 * @param value the value
	 * @param headers the headers
	 */
	public void send(String topic, String key, byte[] value, Map<String, String> headers) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
		try {
			this.producer.send(record).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not publish to " + topic, ex.getCause());
		}
	}

	/**
	 * Publishes many records at once, batched, and waits until the broker has them all.
	 * @param topic the topic
	 * @param values the values by key, as UTF-8 text
	 */
	public void sendAll(String topic, Map<String, String> values) {
		List<java.util.concurrent.Future<?>> sent = new ArrayList<>(values.size());
		values.forEach((key, value) -> sent
			.add(this.producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)))));
		this.producer.flush();
		for (java.util.concurrent.Future<?> future : sent) {
			try {
				future.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Could not publish to " + topic, ex.getCause());
			}
		}
	}

	/**
	 * Reads a topic from its beginning until records match or the time is up.
	 * @param topic the topic
	 * @param matching which records to collect
	 * @param count how many matching records to wait for
	 * @param timeout how long to wait
	 * @return the matching records, in partition order; fewer than {@code count} when the
	 * time ran out
	 */
	public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> matching,
			int count, Duration timeout) {
		return read(List.of(topic), matching, count, timeout);
	}

	/**
	 * Reads topics from their beginning until records match or the time is up.
	 * @param topics the topics
	 * @param matching which records to collect
	 * @param count how many matching records to wait for
	 * @param timeout how long to wait
	 * @return the matching records; fewer than {@code count} when the time ran out
	 */
	public List<ConsumerRecord<String, String>> read(List<String> topics,
			Predicate<ConsumerRecord<String, String>> matching, int count, Duration timeout) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// what the platform's consumers see: nothing of a transaction not yet committed
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			Instant deadline = Instant.now().plus(timeout);
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				List<TopicPartition> ofTopic = List.of();
				while (ofTopic.isEmpty() && Instant.now().isBefore(deadline)) {
					ofTopic = consumer.partitionsFor(topic, Duration.ofSeconds(5))
						.stream()
						.map((info) -> new TopicPartition(topic, info.partition()))
						.toList();
				}
				partitions.addAll(ofTopic);
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (found.size() < count && Instant.now().isBefore(deadline)) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (matching.test(record)) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	/**
	 * Returns a header of a record as text.
	 * @param record the record
	 * @param name the header name
	 * @return its last value, or {@code null}
	 */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

}
