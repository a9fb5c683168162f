package com.backoffice.notify.router.directory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.backoffice.notify.support.DeadLettering;
import com.backoffice.notify.support.EventReader;
import com.backoffice.notify.support.RejectedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Reads the directory topics from their beginning into the {@link AdminDirectory},
 * without a consumer group, so every replica holds all of it. Until it reaches the end
 * offsets it saw at start it reports not ready and keeps the gated bindings stopped; then
 * it starts them and follows changes live.
 */
@Component
class DirectoryLoader implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryLoader.class);

	private final AdminDirectory directory;

	private final DirectoryProperties properties;

	private final KafkaProperties kafka;

	private final EventReader events;

	private final BindingsLifecycleController bindings;

	private final StreamBridge deadLetters;

	private final Counter rejected;

	private volatile Thread reader;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private volatile boolean running;

	private volatile Progress progress = new Progress(false, 0, 0, null);

	private volatile long lastChange = System.currentTimeMillis();

	DirectoryLoader(AdminDirectory directory, DirectoryProperties properties, KafkaProperties kafka, EventReader events,
			BindingsLifecycleController bindings, StreamBridge deadLetters, MeterRegistry meters) {
		this.directory = directory;
		this.properties = properties;
		this.kafka = kafka;
		this.events = events;
		this.bindings = bindings;
		this.deadLetters = deadLetters;
		this.rejected = Counter.builder("notify.router.directory.rejected")
			.description("Directory records that could not be read")
			.register(meters);
		Gauge.builder("notify.router.directory.admins", directory, AdminDirectory::size).register(meters);
		Gauge.builder("notify.router.directory.age", this, (loader) -> loader.ageSeconds())
			.description("Seconds since the directory last changed")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Where loading stands.
	 *
	 * @param warm whether the directory caught up with the topics as they were at start
	 * @param records how many records were read so far
	 * @param behind how many records remain to reach the start-time end offsets
	 * @param warmedIn how long catching up took, once warm
	 */
	record Progress(boolean warm, long records, long behind, Duration warmedIn) {
	}

	Progress progress() {
		return this.progress;
	}

	private double ageSeconds() {
		return (System.currentTimeMillis() - this.lastChange) / 1000.0;
	}

	@Override
	public void start() {
		Map<String, Object> config = new HashMap<>(this.kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.running = true;
		this.reader = new Thread(this::read, "admin-directory");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void read() {
		long begin = System.nanoTime();
		try {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : List.of(this.properties.adminsTopic(), this.properties.preferencesTopic())) {
				this.consumer.partitionsFor(topic, Duration.ofMinutes(1))
					.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
			this.consumer.assign(partitions);
			this.consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> endAtStart = this.consumer.endOffsets(partitions);
			long records = 0;
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(this.properties.pollTimeout())) {
					apply(record);
					records++;
				}
				if (!this.progress.warm()) {
					long behind = behind(endAtStart);
					if (behind == 0) {
						Duration took = Duration.ofNanos(System.nanoTime() - begin);
						this.progress = new Progress(true, records, 0, took);
						logger.info("Admin directory warm: {} admins, {} preferences from {} records in {} ms",
								this.directory.size(), this.directory.preferencesSize(), records, took.toMillis());
						this.properties.gatedBindings()
							.forEach((binding) -> this.bindings.changeState(binding,
									BindingsLifecycleController.State.STARTED));
					}
					else {
						this.progress = new Progress(false, records, behind, null);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			logger.error("Admin directory reader failed; the router stays not ready", ex);
		}
		finally {
			this.consumer.close();
		}
	}

	private long behind(Map<TopicPartition, Long> endAtStart) {
		long behind = 0;
		for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
			behind += Math.max(0, end.getValue() - this.consumer.position(end.getKey()));
		}
		return behind;
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		try {
			boolean admins = record.topic().equals(this.properties.adminsTopic());
			if (record.key() == null) {
				throw new RejectedEventException("record has no key; the key must be the admin id");
			}
			if (record.value() == null) {
				if (admins) {
					this.directory.remove(record.key());
				}
				else {
					this.directory.removePreferences(record.key());
				}
			}
			else if (admins) {
				AdminChanged admin = read(record, AdminChanged.class);
				requireKey(record, admin.adminId());
				this.directory.put(admin);
			}
			else {
				PreferencesChanged preferences = read(record, PreferencesChanged.class);
				requireKey(record, preferences.adminId());
				this.directory.putPreferences(preferences);
			}
			this.lastChange = System.currentTimeMillis();
		}
		catch (RejectedEventException ex) {
			logger.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
					ex.getMessage());
			deadLetter(record, ex, ex.getMessage());
		}
		catch (RuntimeException ex) {
			// the reader must go on: were it to die, the directory would stay stale
			logger.error("Dead-lettering {}-{}@{}, which could not be applied", record.topic(), record.partition(),
					record.offset(), ex);
			deadLetter(record, ex, "record could not be applied: " + ex);
		}
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException failure, String reason) {
		this.rejected.increment();
		try {
			DeadLettering.send(DeadLettering.received(record), failure, reason, this.deadLetters);
		}
		catch (RuntimeException ex) {
			// as above: the reader must go on
			logger.error("Could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), ex);
		}
	}

	private <T> T read(ConsumerRecord<String, byte[]> record, Class<T> type) {
		return this.events.read(MessageBuilder.withPayload(record.value()).build(), type);
	}

	private static void requireKey(ConsumerRecord<String, byte[]> record, String adminId) {
		if (!record.key().equals(adminId)) {
			throw new RejectedEventException(
					"record key '" + record.key() + "' is not the payload's adminId '" + adminId + "'");
		}
	}

	@Override
	public void stop() {
		this.running = false;
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
