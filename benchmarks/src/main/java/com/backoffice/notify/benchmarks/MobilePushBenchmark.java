package com.backoffice.notify.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.FakeFcm;
import com.backoffice.notify.infrastructure.KafkaBroker;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.Ports;
import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.launcher.ChildProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * mobile-push end to end: dispatched notifications published to Kafka, read by the
 * service's jar (a process of its own, with PostgreSQL as another), pushed through the
 * real firebase-admin client to the fake FCM server in this JVM. Measures pushes per
 * second with a backlog of 100,000 notifications to 10,000 admins of two devices each
 * (200,000 pushes), and, with light traffic, the time from publishing one notification to
 * FCM receiving its push. Every loop is bounded.
 */
public final class MobilePushBenchmark {

	private static final String TOPIC = "notification.dispatched.v1";

	private static final int ADMINS = 10_000;

	private static final int DEVICES_PER_ADMIN = 2;

	private static final int NOTIFICATIONS = 100_000;

	private static final int WARM_UP = 20_000;

	private static final int SAMPLES = 300;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		Path jar = root.resolve("mobile-push/target/mobile-push-" + args[1] + ".jar");
		Path out = Files.createDirectories(root.resolve("benchmarks/target"));
		try (KafkaBroker kafka = KafkaBroker.start();
				PostgresProcess postgres = PostgresProcess.start(0);
				FakeFcm fcm = FakeFcm.start(0, false)) {
			PlatformTopics.create(kafka.bootstrapServers());
			int port = Ports.free();
			ChildProcess service = ChildProcess.jar("mobile-push", jar,
					List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC"),
					Stream.concat(Stream.of("--server.port=" + port,
							"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
							"--spring.datasource.url=" + postgres.jdbcUrl(),
							"--notify.mobile.fcm.endpoint=" + fcm.endpoint(), "--notify.mobile.fcm.project-id=bench"),
							DevTokens.trustedBy(out).stream())
						.toList(),
					out.resolve("mobile-push-benchmark-service.log"));
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
							ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
					new StringSerializer(), new StringSerializer())) {
				service.awaitReady(port, TIMEOUT);
				seedDevices(postgres.jdbcUrl());

				publish(producer, WARM_UP);
				awaitDelivered(fcm, (long) WARM_UP * DEVICES_PER_ADMIN);
				Map<String, Double> before = metrics(port);

				long expected = fcm.deliveredCount() + (long) NOTIFICATIONS * DEVICES_PER_ADMIN;
				long start = System.nanoTime();
				publish(producer, NOTIFICATIONS);
				awaitDelivered(fcm, expected);
				double seconds = (System.nanoTime() - start) / 1e9;
				Map<String, Double> after = metrics(port);

				List<Long> latencies = lightTraffic(producer, fcm);
				double calls = after.get("calls") - before.get("calls");
				String report = """

						mobile-push benchmark: %,d admins x %d devices, the real firebase-admin client to a fake FCM on loopback
						  backlog of %,d notifications = %,d pushes: %.1f s = %,.0f pushes/s
						    FCM sendEach calls: %,.0f, %,.0f messages each on average; a call took %.0f ms on average
						  light traffic, one notification at a time, publish to FCM receiving the push (%d samples):
						    %s
						"""
					.formatted(ADMINS, DEVICES_PER_ADMIN, NOTIFICATIONS, NOTIFICATIONS * DEVICES_PER_ADMIN, seconds,
							NOTIFICATIONS * DEVICES_PER_ADMIN / seconds, calls,
							(after.get("messages") - before.get("messages")) / calls,
							(after.get("seconds") - before.get("seconds")) / calls * 1000, SAMPLES,
							Latencies.describe(latencies));
				Files.writeString(out.resolve("mobile-push-benchmark.txt"), report);
				System.out.println(report);
			}
			finally {
				service.requestStop();
				service.awaitStop(Duration.ofSeconds(30));
			}
		}
	}

	private static void seedDevices(String jdbcUrl) throws Exception {
		try (Connection sql = DriverManager.getConnection(jdbcUrl, PostgresProcess.USER, PostgresProcess.USER);
				Statement statement = sql.createStatement()) {
			statement.execute("""
					INSERT INTO mobile_push.device (token, admin_id, platform)
					SELECT 'bench-token-' || a || '-' || d, 'bench-admin-' || a, 'ANDROID'
					FROM generate_series(0, %d) a, generate_series(1, %d) d
					""".formatted(ADMINS - 1, DEVICES_PER_ADMIN));
		}
	}

	private static void publish(KafkaProducer<String, String> producer, int count) {
		for (int i = 0; i < count; i++) {
			send(producer, "bench-admin-" + (i % ADMINS));
		}
		producer.flush();
	}

	private static void send(KafkaProducer<String, String> producer, String recipient) {
		String id = UUID.randomUUID().toString();
		producer.send(KafkaTestClient.cloudEventRecord(TOPIC, recipient, """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "HIGH", "title": "New order #1042", "body": "3 items, 59,000 KRW", "link": "/orders/1042",
				 "channels": ["WEB", "MOBILE"], "groupKey": "order.placed:m-1", "source": "/benchmark",
				 "createdAt": "%s"}""".formatted(id, id, recipient, Instant.now()), id, "/notification-router"));
	}

	private static void awaitDelivered(FakeFcm fcm, long count) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (fcm.deliveredCount() < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Only " + fcm.deliveredCount() + " of " + count + " pushes in " + TIMEOUT);
			}
			Thread.sleep(10);
		}
	}

	/**
	 * One notification at a time to an admin with one device: the time from the publish
	 * to the fake FCM's receipt.
	 */
	private static List<Long> lightTraffic(KafkaProducer<String, String> producer, FakeFcm fcm)
			throws InterruptedException {
		List<Long> micros = new ArrayList<>(SAMPLES);
		for (int i = 0; i < SAMPLES; i++) {
			long before = fcm.deliveredCount();
			long start = System.nanoTime();
			send(producer, "bench-admin-" + i);
			producer.flush();
			long deadline = start + Duration.ofSeconds(30).toNanos();
			while (fcm.deliveredCount() < before + DEVICES_PER_ADMIN && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			micros.add((System.nanoTime() - start) / 1000);
		}
		return micros;
	}

	/**
	 * The service's own figures: sendEach calls, messages and time spent.
	 */
	private static Map<String, Double> metrics(int port) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String batch = http
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/notify.mobile.batch.size"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		String latency = http
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/notify.mobile.send.latency"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return Map.of("calls", statistic(batch, "COUNT"), "messages", statistic(batch, "TOTAL"), "seconds",
				statistic(latency, "TOTAL_TIME"));
	}

	private static double statistic(String json, String name) {
		Matcher matcher = Pattern.compile("\"statistic\":\"" + name + "\",\"value\":([0-9.E+-]+)").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + name + " in " + json);
		}
		return Double.parseDouble(matcher.group(1));
	}

}
