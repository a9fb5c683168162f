package com.backoffice.notify.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import com.backoffice.notify.infrastructure.DevTokens;
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
 * The store with 10 million notifications over 10,000 admins: latency of a timeline page,
 * of the next page and of the unread count through the real API (JWT checked), and how
 * fast it ingests a 50,000-recipient broadcast from Kafka on top of those rows. Kafka
 * runs in this JVM; PostgreSQL and the store's jar run as processes. Every loop is
 * bounded.
 */
public final class StoreBenchmark {

	private static final int ADMINS = 10_000;

	/**
	 * 10 million, or {@code STORE_BENCH_ROWS} (a smaller run, to try a change quickly).
	 */
	private static final int ROWS = Integer
		.parseInt(System.getenv().getOrDefault("STORE_BENCH_ROWS", Integer.toString(10_000_000)));

	private static final int SEED_CHUNK = 1_000_000;

	private static final int SAMPLES = 2_000;

	private static final int BROADCAST = 50_000;

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final HttpClient http = HttpClient.newHttpClient();

	private final Random random = new Random(42);

	private final int port;

	private StoreBenchmark(int port) {
		this.port = port;
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		Path jar = root.resolve("notification-store/target/notification-store-" + args[1] + ".jar");
		Path out = Files.createDirectories(root.resolve("benchmarks/target"));
		try (KafkaBroker kafka = KafkaBroker.start(); PostgresProcess postgres = PostgresProcess.start(0)) {
			PlatformTopics.create(kafka.bootstrapServers());
			int port = Ports.free();
			ChildProcess store = ChildProcess.jar("notification-store", jar,
					List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC"),
					Stream.concat(Stream.of("--server.port=" + port,
							"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
							"--spring.datasource.url=" + postgres.jdbcUrl(), "--notify.store.retention.interval=1d"),
							DevTokens.trustedBy(out).stream())
						.toList(),
					out.resolve("store-benchmark-store.log"));
			try (Connection sql = DriverManager.getConnection(postgres.jdbcUrl(), PostgresProcess.USER,
					PostgresProcess.USER)) {
				store.awaitReady(port, TIMEOUT);
				double seedSeconds = seed(sql);
				StoreBenchmark benchmark = new StoreBenchmark(port);
				benchmark.warmUp();
				List<Long> firstPage = new ArrayList<>();
				List<Long> nextPage = new ArrayList<>();
				List<Long> unreadPage = new ArrayList<>();
				List<Long> unreadCount = new ArrayList<>();
				for (int i = 0; i < SAMPLES; i++) {
					String token = DevTokens.forAdmin(benchmark.anyAdmin());
					Timed page = benchmark.get("/api/timeline?limit=20", token);
					firstPage.add(page.micros());
					if (page.body().contains("\"next\":\"")) {
						nextPage
							.add(benchmark.get("/api/timeline?limit=20&before=" + next(page.body()), token).micros());
					}
					unreadPage.add(benchmark.get("/api/timeline?limit=20&unread=true", token).micros());
					unreadCount.add(benchmark.get("/api/timeline/unread-count", token).micros());
				}
				double ingestSeconds = ingest(kafka.bootstrapServers(), sql);
				String report = """

						Store benchmark: %,d notifications over %,d admins (seeded in %.0f s), one client, sequential
						  timeline, first page of 20       %s
						  timeline, next page (cursor)     %s
						  timeline, unread only            %s
						  unread count                     %s
						  ingest of a %,d-recipient broadcast from Kafka: %.2f s = %,.0f rows/s
						""".formatted(ROWS, ADMINS, seedSeconds, Latencies.describe(firstPage),
						Latencies.describe(nextPage), Latencies.describe(unreadPage), Latencies.describe(unreadCount),
						BROADCAST, ingestSeconds, BROADCAST / ingestSeconds);
				Files.writeString(out.resolve("store-benchmark.txt"), report);
				System.out.println(report);
			}
			finally {
				store.requestStop();
				store.awaitStop(Duration.ofSeconds(30));
			}
		}
	}

	/**
	 * Writes the rows the way years of traffic would leave them: a third unread, one in
	 * ten a claim, in storing order, through the same triggers as the store's writes.
	 */
	private static double seed(Connection sql) throws SQLException {
		long start = System.nanoTime();
		try (Statement statement = sql.createStatement()) {
			for (int from = 1; from <= ROWS; from += Math.min(SEED_CHUNK, ROWS)) {
				statement.execute("""
						INSERT INTO store.notification (notification_id, recipient_id, event_id, type, priority, title,
						       body, link, channels, source, created_at, read_at)
						SELECT md5('seed' || i)::uuid, 'bench-admin-' || (i %% %d), 'seed-' || i,
						       CASE WHEN i %% 10 = 0 THEN 'claim.raised' ELSE 'order.placed' END, 'NORMAL',
						       'New order #' || i, '3 items, 59,000 KRW', '/orders/' || i, 'WEB,MOBILE', '/orders',
						       now() - make_interval(secs => %d - i), CASE WHEN i %% 3 = 0 THEN NULL ELSE now() END
						FROM generate_series(%d, %d) i
						""".formatted(ADMINS, ROWS, from, from + Math.min(SEED_CHUNK, ROWS) - 1));
				System.out.printf("seeded %,d rows%n", from + Math.min(SEED_CHUNK, ROWS) - 1);
			}
			statement.execute("VACUUM ANALYZE store.notification");
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private void warmUp() throws Exception {
		for (int i = 0; i < 300; i++) {
			String token = DevTokens.forAdmin(anyAdmin());
			get("/api/timeline?limit=20", token);
			get("/api/timeline/unread-count", token);
		}
	}

	private static double ingest(String bootstrap, Connection sql) throws Exception {
		String eventId = "broadcast-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), new StringSerializer())) {
			long start = System.nanoTime();
			for (int i = 0; i < BROADCAST; i++) {
				String recipient = "broadcast-admin-" + i;
				String id = UUID.nameUUIDFromBytes((eventId + "\n" + recipient).getBytes(StandardCharsets.UTF_8))
					.toString();
				producer.send(KafkaTestClient.cloudEventRecord("notification.dispatched.v1", recipient, """
						{"notificationId": "%s", "eventId": "%s", "recipientId": "%s", "type": "notice.posted",
						 "priority": "NORMAL", "title": "Maintenance tonight", "channels": ["WEB"],
						 "source": "/benchmark", "createdAt": "%s"}""".formatted(id, eventId, recipient, Instant.now()),
						id, "/notification-router"));
			}
			producer.flush();
			long deadline = start + TIMEOUT.toNanos();
			while (stored(sql, eventId) < BROADCAST && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			return (System.nanoTime() - start) / 1e9;
		}
	}

	/**
	 * How many timeline rows a request has.
	 * @param sql a connection to the store's database
	 * @param eventId the request's id
	 * @return its rows
	 */
	static long stored(Connection sql, String eventId) throws SQLException {
		try (Statement statement = sql.createStatement();
				ResultSet count = statement
					.executeQuery("SELECT count(*) FROM store.notification WHERE event_id = '" + eventId + "'")) {
			count.next();
			return count.getLong(1);
		}
	}

	private String anyAdmin() {
		return "bench-admin-" + this.random.nextInt(ADMINS);
	}

	private Timed get(String path, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build();
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		long micros = (System.nanoTime() - start) / 1000;
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return new Timed(micros, response.body());
	}

	private static String next(String page) {
		int start = page.indexOf("\"next\":\"") + "\"next\":\"".length();
		return page.substring(start, page.indexOf('"', start));
	}

	private record Timed(long micros, String body) {
	}

}
