package com.backoffice.notify.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads a dead-letter topic and replays it. What has been handled is kept as the
 * committed offsets of one consumer group ({@value #GROUP} unless told otherwise), so a
 * dead letter is replayed once however often the tool runs, and a record refused again
 * after a replay comes back as a new, pending dead letter.
 * <p>
 * A replayed record goes to the topic it was read from ({@code x-original-topic}) with
 * its key, value and headers, less the dead-letter headers, plus {@code x-replayed-from}
 * ({@code <dlq>/<partition>@<offset>}). Every consumer is idempotent by event or
 * notification id, so a record replayed to a topic several services read reaches again
 * only the one that had refused it, and a replay cut short between its sends and its
 * commit is safe to run again.
 */
public final class DeadLetters implements AutoCloseable {

	/** The consumer group whose offsets say what has been replayed or skipped. */
	public static final String GROUP = "notify-dead-letters";

	/** The header a replayed record carries: where it was replayed from. */
	public static final String REPLAYED_FROM = "x-replayed-from";

	private static final Duration POLL = Duration.ofMillis(500);

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final Map<String, Object> producerSettings;

	/**
	 * Connects to a cluster.
	 * @param bootstrapServers the brokers
	 * @param group the consumer group that keeps what has been handled
	 */
	public DeadLetters(String bootstrapServers, String group) {
		Properties consumer = new Properties();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// the dead letters after a transactional producer's aborted ones are not dead
		// letters
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumer = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		this.producerSettings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
	}

	/**
	 * Lists a dead-letter topic from its beginning.
	 * @param topic the dead-letter topic, {@code <topic>.dlq}
	 * @return its records, oldest first per partition, each saying whether it has been
	 * handled
	 */
	public List<DeadLetter> list(String topic) {
		List<TopicPartition> partitions = partitions(topic);
		Map<TopicPartition, Long> handled = handled(partitions);
		List<DeadLetter> letters = new ArrayList<>();
		read(partitions, null, (record) -> letters
			.add(letter(record, record.offset() < handled.get(new TopicPartition(topic, record.partition())))));
		return letters;
	}

	/**
	 * Replays every pending dead letter of a topic to the topic it came from, then marks
	 * them handled. Dead letters that arrive while it runs wait for the next replay.
	 * @param topic the dead-letter topic
	 * @return the dead letters replayed
	 */
	public List<DeadLetter> replay(String topic) {
		List<DeadLetter> replayed = new ArrayList<>();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(this.producerSettings,
				new ByteArraySerializer(), new ByteArraySerializer())) {
			List<Future<?>> sends = new ArrayList<>();
			Map<TopicPartition, OffsetAndMetadata> done = readPending(topic, (record) -> {
				DeadLetter letter = letter(record, true);
				// a dead letter that does not say where it came from (the digest's) came
				// from <topic> of <topic>.dlq
				String original = (letter.originalTopic() != null) ? letter.originalTopic()
						: topic.substring(0, topic.length() - ".dlq".length());
				sends.add(producer.send(replayOf(topic, record, original)));
				replayed.add(letter);
			});
			producer.flush();
			for (Future<?> send : sends) {
				send.get();
			}
			this.consumer.commitSync(done);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not replay " + topic + ": " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying " + topic, ex);
		}
		return replayed;
	}

	/**
	 * Marks every pending dead letter of a topic handled without replaying it: for
	 * records that are wrong for good (the producer's bug, not ours).
	 * @param topic the dead-letter topic
	 * @return the dead letters skipped
	 */
	public List<DeadLetter> skip(String topic) {
		List<DeadLetter> skipped = new ArrayList<>();
		Map<TopicPartition, OffsetAndMetadata> done = readPending(topic, (record) -> skipped.add(letter(record, true)));
		this.consumer.commitSync(done);
		return skipped;
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/**
	 * Returns, per partition, the offset up to which the dead letters have been handled.
	 */
	private Map<TopicPartition, Long> handled(List<TopicPartition> partitions) {
		Map<TopicPartition, Long> handled = new HashMap<>();
		partitions.forEach((partition) -> handled.put(partition, 0L));
		this.consumer.committed(Set.copyOf(partitions)).forEach((partition, committed) -> {
			if (committed != null) {
				handled.put(partition, committed.offset());
			}
		});
		return handled;
	}

	private Map<TopicPartition, OffsetAndMetadata> readPending(String topic,
			Consumer<ConsumerRecord<byte[], byte[]>> each) {
		List<TopicPartition> partitions = partitions(topic);
		return read(partitions, handled(partitions), each);
	}

	/**
	 * Reads partitions up to the ends they have now, from their beginnings or from the
	 * given offsets, and returns the offsets after the last record read.
	 */
	private Map<TopicPartition, OffsetAndMetadata> read(List<TopicPartition> partitions, Map<TopicPartition, Long> from,
			Consumer<ConsumerRecord<byte[], byte[]>> each) {
		this.consumer.assign(partitions);
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(partitions);
		Map<TopicPartition, Long> beginnings = this.consumer.beginningOffsets(partitions);
		for (TopicPartition partition : partitions) {
			long start = (from != null) ? from.get(partition) : 0L;
			this.consumer.seek(partition, Math.max(start, beginnings.get(partition)));
		}
		Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
		while (!reachedEnds(ends)) {
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(POLL)) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (record.offset() < ends.get(partition)) {
					each.accept(record);
				}
			}
		}
		ends.forEach((partition, end) -> done.put(partition, new OffsetAndMetadata(end)));
		return done;
	}

	private boolean reachedEnds(Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> this.consumer.position(end.getKey()) >= end.getValue());
	}

	private List<TopicPartition> partitions(String topic) {
		List<PartitionInfo> info = this.consumer.partitionsFor(topic, Duration.ofSeconds(30));
		if (info == null || info.isEmpty()) {
			throw new IllegalArgumentException("There is no topic " + topic);
		}
		return info.stream().map((partition) -> new TopicPartition(topic, partition.partition())).toList();
	}

	private static ProducerRecord<byte[], byte[]> replayOf(String topic, ConsumerRecord<byte[], byte[]> record,
			String originalTopic) {
		ProducerRecord<byte[], byte[]> replay = new ProducerRecord<>(originalTopic, record.key(), record.value());
		for (Header header : record.headers()) {
			if (!isDeadLetterHeader(header.key())) {
				replay.headers().add(header);
			}
		}
		replay.headers().add(REPLAYED_FROM, where(topic, record).getBytes(StandardCharsets.UTF_8));
		return replay;
	}

	private static boolean isDeadLetterHeader(String name) {
		return name.startsWith("x-original-") || name.startsWith("x-exception-") || name.equals(REPLAYED_FROM);
	}

	private static String where(String topic, ConsumerRecord<?, ?> record) {
		return topic + "/" + record.partition() + "@" + record.offset();
	}

	private static DeadLetter letter(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
		return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
				(record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : null,
				text(record, "x-original-topic"), number(record, "x-original-partition"),
				number(record, "x-original-offset"), reason(text(record, "x-exception-message")), record.value(),
				replayed);
	}

	/**
	 * Returns the reason a service gave, without the prefix the binder puts before it
	 * ({@code error occurred in message handler [...]; }).
	 */
	private static String reason(String message) {
		String prefix = "error occurred in message handler [";
		int end = (message != null && message.startsWith(prefix)) ? message.indexOf("]; ") : -1;
		return (end >= 0) ? message.substring(end + 3) : message;
	}

	private static String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * Reads a number header: the binder writes partitions and offsets as 4 and 8 bytes,
	 * the services' own dead-lettering as text.
	 */
	private static String number(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		if (header == null || header.value() == null) {
			return null;
		}
		byte[] value = header.value();
		boolean digits = value.length > 0;
		for (byte b : value) {
			digits &= (b >= '0' && b <= '9');
		}
		if (digits) {
			return new String(value, StandardCharsets.US_ASCII);
		}
		return switch (value.length) {
			case 4 -> String.valueOf(ByteBuffer.wrap(value).getInt());
			case 8 -> String.valueOf(ByteBuffer.wrap(value).getLong());
			default -> new String(value, StandardCharsets.UTF_8);
		};
	}

}
