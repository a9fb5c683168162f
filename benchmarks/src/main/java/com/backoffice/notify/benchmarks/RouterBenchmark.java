package com.backoffice.notify.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.backoffice.notify.infrastructure.KafkaBroker;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.Ports;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.launcher.ChildProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The router under a broadcast: how fast it dispatches an {@code all} request to 50,000
 * admins, and how long an URGENT request takes to come out on the urgent lane while that
 * broadcast is in flight, against the same on an idle router. Kafka runs in this JVM; the
 * router is its real jar in a process of its own. All traffic stays on loopback; every
 * loop is bounded and the run stops by itself.
 */
public final class RouterBenchmark {

	private static final int ADMINS = 50_000;

	private static final int IDLE_SAMPLES = 200;

	private static final Duration URGENT_EVERY = Duration.ofMillis(20);

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private final Map<String, CompletableFuture<Long>> awaited = new ConcurrentHashMap<>();

	private final AtomicLong broadcastArrived = new AtomicLong();

	private final AtomicLong lastBroadcastArrival = new AtomicLong();

	private volatile String broadcastId = "";

	private final AtomicBoolean consuming = new AtomicBoolean(true);

	private final KafkaProducer<String, String> producer;

	private final String bootstrap;

	private RouterBenchmark(String bootstrap) {
		this.bootstrap = bootstrap;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
				new StringSerializer());
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		String version = args[1];
		Path jar = root.resolve("notification-router/target/notification-router-" + version + ".jar");
		Path out = Files.createDirectories(root.resolve("benchmarks/target"));
		try (KafkaBroker kafka = KafkaBroker.start()) {
			PlatformTopics.create(kafka.bootstrapServers());
			RouterBenchmark benchmark = new RouterBenchmark(kafka.bootstrapServers());
			benchmark.publishDirectory();
			int port = Ports.free();
			ChildProcess router = ChildProcess.jar("notification-router", jar,
					List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC"),
					List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers()),
					out.resolve("router-benchmark-router.log"));
			try {
				router.awaitReady(port, TIMEOUT);
				Thread consumer = new Thread(benchmark::consume, "lanes-reader");
				consumer.start();
				benchmark.awaitConsumerAssigned();
				Result result = benchmark.run();
				benchmark.consuming.set(false);
				consumer.join();
				String json = result.toJson(Runtime.getRuntime().availableProcessors());
				Files.writeString(out.resolve("router-benchmark.json"), json);
				System.out.println(result.report());
				System.out.println("Written to " + out.resolve("router-benchmark.json"));
			}
			finally {
				router.requestStop();
				router.awaitStop(Duration.ofSeconds(30));
				benchmark.producer.close();
			}
		}
	}

	private void publishDirectory() throws InterruptedException, ExecutionException {
		List<java.util.concurrent.Future<?>> sent = new ArrayList<>(ADMINS + 1);
		for (int i = 0; i < ADMINS; i++) {
			String id = "bench-admin-" + i;
			sent.add(this.producer.send(new ProducerRecord<>("admin.directory.v1", id, admin(id, "m-" + (i % 100)))));
		}
		sent.add(this.producer
			.send(new ProducerRecord<>("admin.directory.v1", "urgent-target", admin("urgent-target", "m-urgent"))));
		this.producer.flush();
		for (java.util.concurrent.Future<?> future : sent) {
			future.get();
		}
	}

	private static String admin(String id, String mall) {
		return """
				{"adminId": "%s", "kind": "OPERATOR", "mallIds": ["%s"], "partnerId": null, "roles": ["orders"], \
				"active": true, "locale": "ko-KR", "updatedAt": "%s"}""".formatted(id, mall, Instant.now());
	}

	private Result run() throws Exception {
		List<Long> idle = new ArrayList<>();
		for (int i = 0; i < IDLE_SAMPLES; i++) {
			idle.add(urgentLatency());
		}

		String broadcast = "broadcast-" + UUID.randomUUID();
		this.broadcastId = broadcast;
		long start = System.nanoTime();
		send(broadcast, "NORMAL", "{\"all\": true}");
		List<Long> underLoad = new ArrayList<>();
		long deadline = start + TIMEOUT.toNanos();
		while (this.broadcastArrived.get() < ADMINS + 1 && System.nanoTime() < deadline) {
			long began = System.nanoTime();
			underLoad.add(urgentLatency());
			long rest = URGENT_EVERY.toNanos() - (System.nanoTime() - began);
			if (rest > 0) {
				Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
			}
		}
		long dispatched = this.broadcastArrived.get();
		double seconds = (this.lastBroadcastArrival.get() - start) / 1e9;
		return new Result(ADMINS + 1, dispatched, seconds, idle, underLoad);
	}

	/**
	 * Publishes one URGENT request and waits for its notification on the urgent lane.
	 * @return the latency in microseconds
	 */
	private long urgentLatency() throws Exception {
		String eventId = "urgent-" + UUID.randomUUID();
		CompletableFuture<Long> arrival = new CompletableFuture<>();
		this.awaited.put(eventId, arrival);
		long sent = System.nanoTime();
		send(eventId, "URGENT", "{\"adminIds\": [\"urgent-target\"]}");
		long arrived = arrival.get(30, TimeUnit.SECONDS);
		this.awaited.remove(eventId);
		return (arrived - sent) / 1000;
	}

	private void send(String eventId, String priority, String audience) throws Exception {
		this.producer.send(KafkaTestClient.cloudEventRecord("notification.requested.v1", eventId, """
				{"type": "fraud.detected", "priority": "%s", "audience": %s, "title": "Benchmark %s"}\
				""".formatted(priority, audience, eventId), eventId, "/benchmark")).get();
	}

	private volatile boolean assigned;

	private void consume() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : List.of("notification.dispatched.v1", "notification.dispatched.urgent.v1")) {
				consumer.partitionsFor(topic)
					.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			this.assigned = true;
			while (this.consuming.get()) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
					long now = System.nanoTime();
					String eventId = eventId(record.value());
					if (eventId.equals(this.broadcastId)) {
						this.broadcastArrived.incrementAndGet();
						this.lastBroadcastArrival.set(now);
					}
					else {
						CompletableFuture<Long> arrival = this.awaited.get(eventId);
						if (arrival != null) {
							arrival.complete(now);
						}
					}
				}
			}
		}
	}

	private void awaitConsumerAssigned() throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!this.assigned && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static String eventId(String json) {
		int start = json.indexOf("\"eventId\":\"") + "\"eventId\":\"".length();
		return json.substring(start, json.indexOf('"', start));
	}

	record Result(long audience, long dispatched, double seconds, List<Long> idleMicros, List<Long> loadedMicros) {

		double dispatchesPerSecond() {
			return this.dispatched / this.seconds;
		}

		static long percentile(List<Long> micros, double p) {
			return Latencies.percentile(micros, p);
		}

		String report() {
			return """

					Router benchmark: one `all` broadcast to %,d admins, URGENT to one admin
					  broadcast dispatched         %,d notifications in %.2f s = %,.0f dispatches/s
					  URGENT latency, idle          p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)
					  URGENT latency, broadcasting  p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)
					""".formatted(this.audience, this.dispatched, this.seconds, dispatchesPerSecond(),
					percentile(this.idleMicros, 0.5) / 1000.0, percentile(this.idleMicros, 0.99) / 1000.0,
					percentile(this.idleMicros, 1.0) / 1000.0, this.idleMicros.size(),
					percentile(this.loadedMicros, 0.5) / 1000.0, percentile(this.loadedMicros, 0.99) / 1000.0,
					percentile(this.loadedMicros, 1.0) / 1000.0, this.loadedMicros.size());
		}

		String toJson(int cores) {
			return """
					{"audience": %d, "dispatched": %d, "seconds": %.3f, "dispatchesPerSecond": %.0f, "cores": %d,
					 "urgentIdleMs": {"p50": %.2f, "p99": %.2f, "max": %.2f, "n": %d},
					 "urgentBroadcastingMs": {"p50": %.2f, "p99": %.2f, "max": %.2f, "n": %d}}
					""".formatted(this.audience, this.dispatched, this.seconds, dispatchesPerSecond(), cores,
					percentile(this.idleMicros, 0.5) / 1000.0, percentile(this.idleMicros, 0.99) / 1000.0,
					percentile(this.idleMicros, 1.0) / 1000.0, this.idleMicros.size(),
					percentile(this.loadedMicros, 0.5) / 1000.0, percentile(this.loadedMicros, 0.99) / 1000.0,
					percentile(this.loadedMicros, 1.0) / 1000.0, this.loadedMicros.size());
		}

	}

}
