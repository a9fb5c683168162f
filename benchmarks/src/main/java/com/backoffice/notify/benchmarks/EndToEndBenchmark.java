package com.backoffice.notify.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.backoffice.notify.benchmarks.sse.SseLoadClient;
import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.KafkaBroker;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.RedisProcess;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.launcher.ChildProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole pipeline as a domain service and an admin's browser see it: requests
 * published to {@code notification.requested.v1} as a domain service publishes them, the
 * real router, store and gateway each a process of its own, Kafka (in this JVM), Redis
 * and PostgreSQL (processes), and {@link SseLoadClient} processes holding the admins'
 * streams. Latency is from the domain publish (the request's {@code data.publishedAt},
 * which the router passes on) to the event's arrival at the client. {@code -Dscenario=}:
 * <ul>
 * <li>{@code latency}: 10,000 connected admins; requests to one admin each at steady
 * rates ({@code -Drates}, 20 s each): p50, p99, p99.9, and the highest rate whose p99
 * stays under 100 ms;</li>
 * <li>{@code broadcast}: one {@code all} request to 10,000 then to 100,000 admins (10,000
 * of them connected): the time until every connected client has it and until every
 * timeline row is committed; meanwhile, and before on an idle platform, an URGENT request
 * every 50 ms to a connected admin, whose latency shows the priority lanes at work;</li>
 * <li>{@code directory}: the router alone with 1,000, 100,000 and 1,000,000 admins in the
 * directory: its cold start (until ready, the directory read) and its heap.</li>
 * </ul>
 * Each measured while is profiled ({@link Profiles#window}); a cold start is recorded
 * whole.
 */
public final class EndToEndBenchmark {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final int CONNECTED = 10_000;

	private static final Map<String, List<String>> JVM = Map.of("notification-router",
			List.of("-Xms256m", "-Xmx2g", "-XX:+UseSerialGC"), "notification-store",
			List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC"), "push-gateway",
			List.of("-Xms256m", "-Xmx2g", "-XX:+UseSerialGC"));

	private final Path root;

	private final String version;

	private final Path out;

	private final KafkaBroker kafka;

	private final RedisProcess redis;

	private final PostgresProcess postgres;

	private final KafkaProducer<String, String> producer;

	private final List<ChildProcess> services = new ArrayList<>();

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private int admins;

	private int runs;

	private int starts;

	private final String scenario;

	private EndToEndBenchmark(Path root, String version, KafkaBroker kafka, RedisProcess redis,
			PostgresProcess postgres, String scenario) throws Exception {
		this.root = root;
		this.scenario = scenario;
		this.version = version;
		this.out = Files.createDirectories(root.resolve("benchmarks/target/e2e"));
		this.kafka = kafka;
		this.redis = redis;
		this.postgres = postgres;
		// as a domain service publishes: acks=all, idempotent (the client's defaults)
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new StringSerializer());
	}

	public static void main(String[] args) throws Exception {
		String scenario = Report.property("scenario", "latency");
		try (KafkaBroker kafka = KafkaBroker.start();
				RedisProcess redis = RedisProcess.start(0);
				PostgresProcess postgres = PostgresProcess.start(0)) {
			PlatformTopics.create(kafka.bootstrapServers());
			EndToEndBenchmark benchmark = new EndToEndBenchmark(Path.of(args[0]), args[1], kafka, redis, postgres,
					scenario);
			try {
				switch (scenario) {
					case "latency" -> benchmark.latency();
					case "broadcast" -> benchmark.broadcast();
					case "directory" -> benchmark.directory();
					default -> throw new IllegalArgumentException("No scenario " + scenario);
				}
			}
			catch (Exception ex) {
				// a failed run ends, with its clients and servers, rather than hang on
				// the threads it leaves
				ex.printStackTrace();
				benchmark.stopServices();
				System.exit(1);
			}
			benchmark.stopServices();
		}
		System.exit(0);
	}

	private void latency() throws Exception {
		List<Integer> rates = Arrays.stream(Report.property("rates", "100,250,500,1000,2000,5000").split(","))
			.map(Integer::parseInt)
			.toList();
		Duration each = Duration.ofSeconds(Integer.getInteger("seconds", 20));
		growDirectory(CONNECTED);
		startPlatform();
		Report report = new Report(this.root, "e2e-latency", "rate_offered", "rate_achieved", "sent", "received",
				"p50_ms", "p99_ms", "p999_ms", "max_ms", "lag_at_window_end");
		try (LoadClients clients = clients()) {
			// long enough for the JIT to have compiled the request path of every service
			long expected = publishAt(200, Duration.ofSeconds(30));
			clients.awaitReceived(expected, TIMEOUT);
			clients.snapshot("warmup");
			for (int rate : rates) {
				Profiles.Window window = window(clients);
				long began = System.nanoTime();
				long sent = publishAt(rate, each);
				double seconds = (System.nanoTime() - began) / 1e9;
				// which stage fell behind: each consumer group's lag as the window ends
				String lag = lags();
				System.out.println(window.stop(this.out, "latency-" + rate));
				expected += sent;
				long received = clients.awaitReceived(expected, TIMEOUT);
				Histogram latencies = clients.snapshot("rate-" + rate).normal();
				report.add(rate, Math.round(sent / seconds), sent, received - (expected - sent),
						LoadClients.Snapshot.ms(latencies, 50), LoadClients.Snapshot.ms(latencies, 99),
						LoadClients.Snapshot.ms(latencies, 99.9), latencies.getMaxValue() / 1000.0, lag);
				System.out.printf(
						"%n[e2e-benchmark] %,d connected admins, %,d requests/s offered (%,.0f/s achieved) "
								+ "for %d s: %s; consumer lag as the window ended: %s%n%n",
						CONNECTED, rate, sent / seconds, each.toSeconds(), LoadClients.Snapshot.describe(latencies),
						lag);
				expected = received;
				if (LoadClients.Snapshot.ms(latencies, 99) > 60_000) {
					System.out.println("[e2e-benchmark] p99 over a minute: the pipeline no longer keeps up; higher "
							+ "rates are not run");
					break;
				}
			}
		}
		List<Integer> offered = report.rows().stream().map((row) -> (Integer) row.get(0)).toList();
		report.lines("e2e-latency", "Publish to browser, 10,000 connected admins", "requests/s", "ms", true, offered,
				Map.of("p50", report.column(4), "p99", report.column(5), "p99.9", report.column(6)));
		int sustainable = report.rows()
			.stream()
			.filter((row) -> ((Double) row.get(5)) < 100 && row.get(2).equals(row.get(3)))
			.mapToInt((row) -> (Integer) row.get(0))
			.max()
			.orElse(0);
		System.out.printf("[e2e-benchmark] the highest rate run with p99 under 100 ms and nothing lost: %,d/s%n",
				sustainable);
	}

	private void broadcast() throws Exception {
		growDirectory(CONNECTED);
		startPlatform();
		Report report = new Report(this.root, "e2e-broadcast", "phase", "audience", "connected",
				"all_clients_have_it_s", "all_rows_committed_s", "clients_p50_ms", "urgent_p50_ms", "urgent_p99_ms",
				"urgent_max_ms", "urgent_requests");
		try (LoadClients clients = clients();
				Connection sql = DriverManager.getConnection(this.postgres.jdbcUrl(), PostgresProcess.USER,
						PostgresProcess.USER)) {
			long expected = publishAt(200, Duration.ofSeconds(10));
			clients.awaitReceived(expected, TIMEOUT);
			clients.snapshot("warmup");
			// URGENT on an idle platform
			ScheduledExecutorService urgent = Executors.newSingleThreadScheduledExecutor();
			Future<?> probes = urgent.scheduleAtFixedRate(this::urgentProbe, 0, 50, TimeUnit.MILLISECONDS);
			Thread.sleep(10_000);
			probes.cancel(false);
			Thread.sleep(1_000);
			Histogram idle = clients.snapshot("idle").urgent();
			report.add("idle", 0, CONNECTED, 0.0, 0.0, 0.0, LoadClients.Snapshot.ms(idle, 50),
					LoadClients.Snapshot.ms(idle, 99), idle.getMaxValue() / 1000.0, idle.getTotalCount());
			// one untimed broadcast first: the bulk path's code compiled, as in a running
			// platform
			long warm = clients.receivedNotUrgent();
			request("broadcast-warm-up-" + UUID.randomUUID(), "NORMAL", "{\"all\": true}");
			clients.awaitReceived(clients.received() + CONNECTED, TIMEOUT);
			System.out.printf("[e2e-benchmark] warm-up broadcast: %,d clients had it%n",
					clients.receivedNotUrgent() - warm);
			clients.snapshot("warm-up-broadcast");
			for (int audience : List.of(10_000, 100_000)) {
				growDirectory(audience);
				awaitRouterDirectory(audience);
				long before = clients.receivedNotUrgent();
				String eventId = "broadcast-" + audience + "-" + UUID.randomUUID();
				Profiles.Window window = window(clients);
				long began = System.nanoTime();
				request(eventId, "NORMAL", "{\"all\": true}");
				probes = urgent.scheduleAtFixedRate(this::urgentProbe, 0, 50, TimeUnit.MILLISECONDS);
				double clientsSeconds = 0;
				double rowsSeconds = 0;
				long deadline = began + TIMEOUT.toNanos();
				while ((clientsSeconds == 0 || rowsSeconds == 0) && System.nanoTime() < deadline) {
					Thread.sleep(100);
					double now = (System.nanoTime() - began) / 1e9;
					if (clientsSeconds == 0 && clients.receivedNotUrgent() - before >= CONNECTED) {
						clientsSeconds = now;
					}
					if (rowsSeconds == 0 && StoreBenchmark.stored(sql, eventId) >= audience) {
						rowsSeconds = now;
					}
				}
				probes.cancel(false);
				System.out.println(window.stop(this.out, "broadcast-" + audience));
				Thread.sleep(1_000);
				LoadClients.Snapshot snapshot = clients.snapshot("broadcast-" + audience);
				// the clients' own clocks: the last of the broadcast's arrivals
				double lastArrival = snapshot.normal().getMaxValue() / 1e6;
				report.add("broadcast", audience, CONNECTED, Math.round(lastArrival * 100) / 100.0,
						Math.round(rowsSeconds * 100) / 100.0, LoadClients.Snapshot.ms(snapshot.normal(), 50),
						LoadClients.Snapshot.ms(snapshot.urgent(), 50), LoadClients.Snapshot.ms(snapshot.urgent(), 99),
						snapshot.urgent().getMaxValue() / 1000.0, snapshot.urgent().getTotalCount());
				System.out.printf("%n[e2e-benchmark] one 'all' request to %,d admins: every one of the %,d connected "
						+ "clients had it after %.2f s (%s; polled: %.1f s), every timeline row committed after %.2f s; "
						+ "URGENT meanwhile: %s (idle: %s)%n%n", audience, CONNECTED, lastArrival,
						LoadClients.Snapshot.describe(snapshot.normal()), clientsSeconds, rowsSeconds,
						LoadClients.Snapshot.describe(snapshot.urgent()), LoadClients.Snapshot.describe(idle));
			}
			urgent.shutdownNow();
		}
		List<String> audiences = List.of("10,000 admins", "100,000 admins");
		report.bars("e2e-broadcast", "One 'all' notification (10,000 clients connected)", "seconds", audiences,
				Map.of("every connected client has it", report.column(3).subList(1, 3), "every timeline row committed",
						report.column(4).subList(1, 3)));
		report.bars("e2e-priority", "URGENT latency, publish to browser", "ms",
				List.of("idle", "during 10k broadcast", "during 100k broadcast"),
				Map.of("p50", report.column(6), "p99", report.column(7)));
	}

	private void directory() throws Exception {
		Report report = new Report(this.root, "router-directory", "admins", "cold_start_s", "heap_mib", "rss_mib");
		for (int size : List.of(1_000, 100_000, 1_000_000)) {
			growDirectory(size);
			long began = System.nanoTime();
			int port = start("notification-router");
			double seconds = (System.nanoTime() - began) / 1e9;
			ChildProcess router = this.services.get(0);
			double heap = ProcessFigures.heapAfterGc(router.pid(), port) / 1048576;
			long rss = ProcessFigures.rssKb(List.of(router.pid())) / 1024;
			double loaded = ProcessFigures.metric(port, "notify.router.directory.admins", "VALUE");
			report.add(size, Math.round(seconds * 100) / 100.0, Math.round(heap), rss);
			System.out.printf("%n[e2e-benchmark] router with %,d admins (%,.0f in its directory): ready %.2f s after "
					+ "its start, heap after GC %.0f MiB, RSS %,d MiB%n%n", size, loaded, seconds, heap, rss);
			stopServices();
		}
		List<Integer> sizes = report.rows().stream().map((row) -> (Integer) row.get(0)).toList();
		report.lines("router-directory", "Router: cold start and heap by admins in the directory", "admins",
				"seconds / MiB", true, sizes,
				Map.of("cold start (s)", report.column(1), "heap after GC (MiB)", report.column(2)));
	}

	/**
	 * Profiles the services while the load runs; counts the CPU of everything else on the
	 * machine too.
	 */
	private Profiles.Window window(LoadClients clients) throws Exception {
		Map<String, Long> jvms = new LinkedHashMap<>();
		this.services.forEach((service) -> jvms.put(service.name(), service.pid()));
		return Profiles.window(jvms,
				Map.of("kafka + publisher (JVM)", List.of(ProcessHandle.current().pid()), "redis",
						ProcessFigures.named("redis-server"), "postgresql", ProcessFigures.named("postgres"),
						"sse clients", clients.pids()));
	}

	/**
	 * Each service's consumer group lag: records on its topics not yet processed.
	 * @return {@code group=lag} for each group
	 */
	private String lags() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers()))) {
			List<String> lags = new ArrayList<>();
			for (String group : List.of("notification-router", "notification-store", "push-gateway")) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
					.listOffsets(committed.keySet()
						.stream()
						.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
					.all()
					.get();
				long lag = committed.entrySet()
					.stream()
					.filter((entry) -> entry.getValue() != null)
					.mapToLong((entry) -> ends.get(entry.getKey()).offset() - entry.getValue().offset())
					.sum();
				lags.add(group + "=" + lag);
			}
			return String.join(" ", lags);
		}
	}

	/** Publishes admins {@code bench-<n>} to the directory up to a number in all. */
	private void growDirectory(int admins) throws Exception {
		List<Future<?>> sent = new ArrayList<>();
		for (int i = this.admins; i < admins; i++) {
			String id = SseLoadClient.admin(i);
			sent.add(this.producer.send(new ProducerRecord<>("admin.directory.v1", id, """
					{"adminId": "%s", "kind": "OPERATOR", "mallIds": ["m-%d"], "partnerId": null, "roles": ["orders"], \
					"active": true, "locale": "ko-KR", "updatedAt": "%s"}""".formatted(id, i % 100, Instant.now()))));
		}
		this.producer.flush();
		for (Future<?> future : sent) {
			future.get();
		}
		this.admins = Math.max(this.admins, admins);
	}

	private void awaitRouterDirectory(int admins) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (ProcessFigures.metric(this.ports.get("notification-router"), "notify.router.directory.admins",
				"VALUE") < admins && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
	}

	private void startPlatform() throws Exception {
		for (String service : List.of("notification-router", "notification-store", "push-gateway")) {
			start(service);
		}
	}

	private int start(String service) throws Exception {
		int port = LoadClients.serverPort();
		// a cold start is recorded whole; under load the recorder runs from the start and
		// each measured while is profiled apart
		Path recording = this.out.resolve(service + "-" + (++this.starts) + ".jfr");
		List<String> jvm = new ArrayList<>(JVM.get(service));
		jvm.addAll(this.scenario.equals("directory") ? Profiles.recordTo(recording) : List.of(Profiles.background()));
		List<String> arguments = Stream
			.concat(Stream.of("--server.port=" + port,
					"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
					"--spring.datasource.url=" + this.postgres.jdbcUrl(), "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + this.redis.port(),
					"--notify.gateway.stream.max-connections-per-admin=20"), DevTokens.trustedBy(this.out).stream())
			.toList();
		ChildProcess process = ChildProcess.jar(service,
				this.root.resolve(service + "/target/" + service + "-" + this.version + ".jar"), jvm, arguments,
				this.out.resolve(service + ".log"));
		this.services.add(process);
		this.ports.put(service, port);
		process.awaitReady(port, TIMEOUT);
		return port;
	}

	private LoadClients clients() throws Exception {
		return LoadClients.start(this.out.resolve("run-" + (++this.runs)),
				List.of("http://127.0.0.1:" + this.ports.get("push-gateway") + "/api/notifications/stream"), CONNECTED,
				9_000, false, TIMEOUT);
	}

	/**
	 * Publishes requests, each to one random connected admin, at a steady rate.
	 * @return how many it published
	 */
	private long publishAt(int perSecond, Duration duration) throws InterruptedException {
		long sent = LoadClients.publishAt(perSecond, duration, CONNECTED, (admins) -> admins
			.forEach((admin) -> request("req-" + UUID.randomUUID(), "NORMAL", "{\"adminIds\": [\"" + admin + "\"]}")));
		this.producer.flush();
		return sent;
	}

	private void urgentProbe() {
		String admin = SseLoadClient.admin(ThreadLocalRandom.current().nextInt(CONNECTED));
		request("urgent-" + UUID.randomUUID(), "URGENT", "{\"adminIds\": [\"" + admin + "\"]}");
		this.producer.flush();
	}

	private void request(String eventId, String priority, String audience) {
		String type = priority.equals("URGENT") ? "fraud.detected" : "order.placed";
		this.producer.send(KafkaTestClient.cloudEventRecord("notification.requested.v1", eventId, """
				{"type": "%s", "priority": "%s", "audience": %s, "title": "Benchmark %s", "channels": ["WEB"], \
				"data": {"publishedAt": "%s"}}""".formatted(type, priority, audience, eventId, Instant.now()), eventId,
				"/benchmark"));
	}

	private void stopServices() throws Exception {
		this.services.forEach(ChildProcess::requestStop);
		for (ChildProcess service : this.services) {
			service.awaitStop(Duration.ofSeconds(30));
		}
		this.services.clear();
		this.ports.clear();
		try (Stream<Path> recordings = Files.list(this.out)) {
			for (Path recording : recordings.filter((file) -> file.toString().endsWith(".jfr")).toList()) {
				if (!Files.exists(Path.of(recording + ".txt"))) {
					System.out.println(Profiles.summarize(recording, 12));
				}
			}
		}
	}

}
