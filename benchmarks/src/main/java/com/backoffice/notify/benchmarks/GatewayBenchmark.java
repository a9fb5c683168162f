package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.backoffice.notify.benchmarks.baseline.BaselineApplication;
import com.backoffice.notify.benchmarks.sse.SseLoadClient;
import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.KafkaBroker;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.RedisProcess;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.launcher.ChildProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The push-gateway under SSE load, side by side with Pushpin and with the
 * {@link BaselineApplication} ({@code SseEmitter} + {@code ConcurrentHashMap}), every
 * part a process of its own on loopback: Kafka and Redis, the servers, and
 * {@link SseLoadClient} processes spread over 127.0.1.x source addresses.
 * {@code -Dscenario=}:
 * <ul>
 * <li>{@code connections}: one server to {@code CONNECTIONS} (19,000) streams: heap and
 * RSS per connection, CPU while idle with heartbeats, then one notification to every
 * admin;</li>
 * <li>{@code latency}: 10,000 connected admins, notifications at a steady 1,000/s then
 * 5,000/s: createdAt-to-client latency, gateway and baseline;</li>
 * <li>{@code replicas}: five gateways on one Redis, {@code ADMINS} (19,800) admins with
 * five streams each, one on every replica; one notification to every admin reaches all
 * five of its streams;</li>
 * <li>{@code pushpin}: the same fan-out workload (10,000 streams, each rate of
 * {@code -Drates} for 20 s) against the gateway, Pushpin and the baseline in turn, twice:
 * delivered messages/s, p99 latency and memory per connection, as ratios;</li>
 * <li>{@code storm}: 20,000 streams over two gateways all drop, each admin misses one
 * notification, and all reconnect at once with {@code Last-Event-ID}: the time until
 * every missed notification is replayed;</li>
 * <li>{@code scaling}: 1k, 10k, 50k and 100k streams (one, one, three and five replicas):
 * memory per stream, idle CPU, and one notification to every admin.</li>
 * </ul>
 * Each measured while is profiled ({@link Profiles#window}).
 */
public final class GatewayBenchmark {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final int CLIENT_CONNECTIONS = 10_000;

	private static final List<String> SERVER_JVM = List.of("-Xms256m", "-Xmx3g", "-XX:+UseSerialGC");

	private final Path root;

	private final Path out;

	private final String version;

	private final KafkaBroker kafka;

	private final RedisProcess redis;

	private final KafkaProducer<String, String> producer;

	private final List<ChildProcess> servers = new ArrayList<>();

	private final List<LoadClients> clients = new ArrayList<>();

	private Pushpin pushpin;

	private int runs;

	private GatewayBenchmark(Path root, String version, KafkaBroker kafka, RedisProcess redis) throws IOException {
		this.root = root;
		this.version = version;
		this.out = Files.createDirectories(root.resolve("benchmarks/target/gateway"));
		this.kafka = kafka;
		this.redis = redis;
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
		this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
	}

	public static void main(String[] args) throws Exception {
		String scenario = Report.property("scenario", "connections");
		try (KafkaBroker kafka = KafkaBroker.start(); RedisProcess redis = RedisProcess.start(0)) {
			PlatformTopics.create(kafka.bootstrapServers());
			GatewayBenchmark benchmark = new GatewayBenchmark(Path.of(args[0]), args[1], kafka, redis);
			try {
				switch (scenario) {
					case "connections" -> benchmark.connections(Integer.getInteger("connections", 19_000));
					case "latency" -> benchmark.latency();
					case "replicas" -> benchmark.replicas();
					case "pushpin" -> benchmark.pushpin();
					case "storm" -> benchmark.storm();
					case "scaling" -> benchmark.scaling();
					default -> throw new IllegalArgumentException("No scenario " + scenario);
				}
			}
			catch (Exception ex) {
				// a failed run ends, with its clients and servers, rather than hang on
				// the threads it leaves
				ex.printStackTrace();
				benchmark.stopAll();
				System.exit(1);
			}
			benchmark.stopAll();
		}
		System.exit(0);
	}

	private void connections(int connections) throws Exception {
		for (Server server : List.of(Server.GATEWAY, Server.BASELINE)) {
			int port = start(server, 0);
			ChildProcess process = this.servers.get(this.servers.size() - 1);
			double heapBefore = ProcessFigures.heapAfterGc(process.pid(), port);
			long rssBefore = ProcessFigures.rssKb(List.of(process.pid()));
			LoadClients run = clients(List.of(url(server, port)), connections, 9_000, false);
			long open = run.open();
			double heapAfter = ProcessFigures.heapAfterGc(process.pid(), port);
			// what the heap holds per stream, for the record
			ProcessFigures.jcmd(process.pid(),
					ProcessBuilder.Redirect
						.to(this.out.resolve(server.name().toLowerCase() + "-histogram.txt").toFile()),
					"GC.class_histogram");
			long rssAfter = ProcessFigures.rssKb(List.of(process.pid()));
			double cpu = ProcessFigures.idleCpu(List.of(process.pid()), Duration.ofSeconds(30));
			long sent = publishToEach(connections);
			long received = run.awaitReceived(sent, TIMEOUT);
			System.out.printf(
					"%n[gateway-benchmark] %s: %,d streams; heap %.0f -> %.0f MiB (%.1f KiB per stream); RSS %,d -> %,d MiB "
							+ "(%.1f KiB per stream); idle CPU %.1f%% of a core over 30 s; one notification to every admin: "
							+ "%,d of %,d received%n%n",
					server.label, open, heapBefore / 1048576, heapAfter / 1048576,
					(heapAfter - heapBefore) / 1024 / open, rssBefore / 1024, rssAfter / 1024,
					(rssAfter - rssBefore) / (double) open, cpu, received, sent);
			stopAll();
		}
	}

	private void latency() throws Exception {
		for (Server server : List.of(Server.GATEWAY, Server.BASELINE)) {
			int port = start(server, 0);
			LoadClients run = clients(List.of(url(server, port)), CLIENT_CONNECTIONS, 9_000, false);
			publishAt(1_000, Duration.ofSeconds(10), this::publishToKafka);
			run.snapshot("warmup");
			for (int rate : List.of(1_000, 5_000)) {
				long sent = publishAt(rate, Duration.ofSeconds(30), this::publishToKafka);
				Thread.sleep(2_000);
				Histogram latencies = run.snapshot("rate" + rate).normal();
				System.out.printf(
						"%n[gateway-benchmark] %s: %,d connected admins, %,d notifications/s for 30 s "
								+ "(%,d/s achieved): %s%n%n",
						server.label, CLIENT_CONNECTIONS, rate, sent / 30, LoadClients.Snapshot.describe(latencies));
			}
			stopAll();
		}
	}

	private void replicas() throws Exception {
		int admins = Integer.getInteger("admins", 19_800);
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			urls.add(url(Server.GATEWAY, start(Server.GATEWAY, i)));
		}
		LoadClients run = clients(urls, admins, 18_000, false);
		long sent = publishToEach(admins);
		long received = run.awaitReceived(sent * urls.size(), TIMEOUT);
		System.out.printf(
				"%n[gateway-benchmark] 5 gateways on one Redis: %,d streams (%,d admins x 5, one stream on each replica); "
						+ "one notification to every admin: %,d of %,d deliveries received%n%n",
				admins * urls.size(), admins, received, sent * urls.size());
	}

	/**
	 * The same fan-out against each server in turn: 10,000 streams, then every rate for
	 * 20 s; twice, so that each server runs early and late.
	 */
	private void pushpin() throws Exception {
		List<Integer> rates = Arrays.stream(Report.property("rates", "1000,5000,10000").split(","))
			.map(Integer::parseInt)
			.toList();
		Duration each = Duration.ofSeconds(20);
		Report report = new Report(this.root, "pushpin-side-by-side", "round", "server", "streams", "rate_offered",
				"delivered_per_s", "p50_ms", "p99_ms", "p999_ms", "max_ms", "rss_kib_per_stream");
		List<Server> servers = Arrays.stream(Report.property("servers", "gateway,pushpin,baseline").split(","))
			.map((name) -> Server.valueOf(name.trim().toUpperCase()))
			.toList();
		for (int round = 1; round <= Integer.parseInt(Report.property("rounds", "2")); round++) {
			for (Server server : servers) {
				List<Long> pids;
				String url;
				Consumer<List<String>> publisher;
				if (server == Server.PUSHPIN) {
					this.pushpin = Pushpin.start(Files.createDirectories(this.out.resolve("pushpin")));
					pids = this.pushpin.pids();
					url = this.pushpin.streamUrl();
					publisher = this::publishToPushpin;
				}
				else {
					int port = start(server, 0);
					pids = List.of(this.servers.get(this.servers.size() - 1).pid());
					url = url(server, port);
					publisher = this::publishToKafka;
				}
				long rssBefore = ProcessFigures.rssKb(pids);
				LoadClients run = clients(List.of(url), CLIENT_CONNECTIONS, 9_000, false);
				double rssPerStream = (ProcessFigures.rssKb(pids) - rssBefore) / (double) run.open();
				publishAt(1_000, Duration.ofSeconds(5), publisher);
				Thread.sleep(2_000);
				run.snapshot("warmup-" + round);
				for (int rate : rates) {
					long before = run.received();
					long began = System.nanoTime();
					Profiles.Window window = window(run,
							(server == Server.PUSHPIN) ? Map.of("pushpin (all processes)", pids) : Map.of());
					publishAt(rate, each, publisher);
					long during = run.received() - before;
					System.out.println(window.stop(this.out, server.name().toLowerCase() + "-" + round + "-" + rate));
					if (server == Server.PUSHPIN) {
						System.out.println("[gateway-benchmark] Pushpin: " + this.pushpin.publishStatistics());
					}
					double seconds = (System.nanoTime() - began) / 1e9;
					Thread.sleep(2_000);
					Histogram latencies = run.snapshot(round + "-" + rate).normal();
					report.add(round, server.label, run.open(), rate, Math.round(during / seconds),
							LoadClients.Snapshot.ms(latencies, 50), LoadClients.Snapshot.ms(latencies, 99),
							LoadClients.Snapshot.ms(latencies, 99.9), latencies.getMaxValue() / 1000.0,
							Math.round(rssPerStream * 10) / 10.0);
					System.out.printf(
							"[gateway-benchmark] round %d, %s, %,d/s offered: %,d/s delivered, %s, "
									+ "RSS %.1f KiB per stream%n",
							round, server.label, rate, Math.round(during / seconds),
							LoadClients.Snapshot.describe(latencies), rssPerStream);
				}
				stopAll();
			}
		}
		pushpinCharts(report, rates);
	}

	private void pushpinCharts(Report report, List<Integer> rates) {
		List<String> categories = rates.stream().map((rate) -> String.format("%,d/s", rate)).toList();
		Map<String, List<? extends Number>> delivered = new LinkedHashMap<>();
		Map<String, List<? extends Number>> p99 = new LinkedHashMap<>();
		Map<String, List<? extends Number>> memory = new LinkedHashMap<>();
		for (Server server : List.of(Server.GATEWAY, Server.PUSHPIN, Server.BASELINE)) {
			delivered.put(server.label, rates.stream().map((rate) -> best(report, server, rate, 4, true)).toList());
			p99.put(server.label, rates.stream().map((rate) -> best(report, server, rate, 6, false)).toList());
			memory.put(server.label, List.of(best(report, server, rates.get(0), 9, false)));
		}
		report.bars("pushpin-delivered", "Delivered messages/s, 10,000 SSE streams (best of the rounds run)",
				"messages/s", categories, delivered);
		report.bars("pushpin-p99", "p99 latency, publish to SSE client (best of the rounds run)", "ms", categories,
				p99);
		report.bars("pushpin-memory", "RSS per SSE stream", "KiB", List.of("10,000 streams"), memory);
	}

	private static double best(Report report, Server server, int rate, int column, boolean highest) {
		return report.rows()
			.stream()
			.filter((row) -> row.get(1).equals(server.label) && row.get(3).equals(rate))
			.mapToDouble((row) -> ((Number) row.get(column)).doubleValue())
			.reduce(highest ? Double::max : Double::min)
			.orElse(0);
	}

	/**
	 * 20,000 streams on two gateways drop at once, miss one notification each, and all
	 * come back at once with their last event id.
	 */
	private void storm() throws Exception {
		int admins = Integer.getInteger("admins", 20_000);
		List<String> urls = List.of(url(Server.GATEWAY, start(Server.GATEWAY, 0)),
				url(Server.GATEWAY, start(Server.GATEWAY, 1)));
		LoadClients run = clients(urls, admins, 5_000, true);
		publishToEach(admins);
		long first = run.awaitReceived(admins, TIMEOUT);
		run.command("drop-1");
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (run.open() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		publishToEach(admins);
		// the missed notifications in the replay buffers before anyone comes back
		awaitFannedOut(2L * admins);
		long failedBefore = run.failed();
		Report report = new Report(this.root, "reconnect-storm", "seconds", "streams_open", "replayed");
		Profiles.Window window = window(run, Map.of());
		long began = System.nanoTime();
		run.command("reconnect-1");
		long replayed = 0;
		while (replayed < admins && System.nanoTime() - began < TIMEOUT.toNanos()) {
			Thread.sleep(200);
			replayed = run.received() - first;
			report.add(Math.round((System.nanoTime() - began) / 1e7) / 100.0, run.open(), replayed);
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		System.out.println(window.stop(this.out, "storm"));
		System.out.printf("%n[gateway-benchmark] reconnect storm: %,d streams on 2 gateways reconnected at once with "
				+ "Last-Event-ID; %,d of %,d missed notifications replayed in %.2f s; %,d connect attempts refused and "
				+ "retried; %,d resets%n%n", admins, replayed, admins, seconds, run.failed() - failedBefore,
				run.resets());
		List<Double> at = report.rows().stream().map((row) -> (Double) row.get(0)).toList();
		report.lines("reconnect-storm",
				String.format("Reconnect storm: %,d streams on 2 gateways reconnect at once", admins), "seconds",
				"streams", false, at,
				Map.of("streams open", report.rows().stream().map((row) -> (Long) row.get(1)).toList(),
						"missed notifications replayed",
						report.rows().stream().map((row) -> (Long) row.get(2)).toList()));
	}

	/** Waits until the gateways have handed a number of notifications to Redis in all. */
	private void awaitFannedOut(long total) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			double sum = 0;
			for (int port : this.ports) {
				sum += ProcessFigures.metric(port, "notify.gateway.fanout?tag=outcome:delivered", "COUNT");
			}
			if (sum >= total) {
				return;
			}
			Thread.sleep(200);
		}
	}

	/**
	 * 1k, 10k, 50k and 100k streams: memory, idle CPU, and a notification to everyone.
	 */
	private void scaling() throws Exception {
		Report report = new Report(this.root, "connections-scaling", "streams", "replicas", "heap_kib_per_stream",
				"rss_kib_per_stream", "idle_cpu_percent_of_a_core_per_replica", "fanout_seconds", "fanout_p99_ms",
				"received");
		int[][] steps = { { 1_000, 1 }, { 10_000, 1 }, { 50_000, 3 }, { 100_000, 5 } };
		for (int[] step : steps) {
			int replicas = step[1];
			// a replica holds at most 19,800 streams under 20,000 open files
			int admins = Math.min(step[0], 19_800 * replicas);
			List<String> urls = new ArrayList<>();
			for (int i = 0; i < replicas; i++) {
				urls.add(url(Server.GATEWAY, start(Server.GATEWAY, i)));
			}
			List<Long> pids = this.servers.stream().map(ChildProcess::pid).toList();
			double heapBefore = 0;
			for (int i = 0; i < replicas; i++) {
				heapBefore += ProcessFigures.heapAfterGc(pids.get(i), this.ports.get(i));
			}
			long rssBefore = ProcessFigures.rssKb(pids);
			LoadClients run = clients(urls, admins, Math.min(9_900, (admins + replicas - 1) / replicas), true);
			long open = run.open();
			double heapAfter = 0;
			for (int i = 0; i < replicas; i++) {
				heapAfter += ProcessFigures.heapAfterGc(pids.get(i), this.ports.get(i));
			}
			double rssPerStream = (ProcessFigures.rssKb(pids) - rssBefore) / (double) open;
			double cpu = ProcessFigures.idleCpu(pids, Duration.ofSeconds(20)) / replicas;
			// one untimed round first: the delivery path compiled, as in a running
			// gateway
			publishToEach(admins);
			run.awaitReceived(admins, TIMEOUT);
			run.snapshot("before-" + admins);
			Profiles.Window window = window(run, Map.of());
			long began = System.nanoTime();
			publishToEach(admins);
			long received = run.awaitReceived(2L * admins, TIMEOUT) - admins;
			double seconds = (System.nanoTime() - began) / 1e9;
			System.out.println(window.stop(this.out, "fanout-" + admins));
			Histogram latencies = run.snapshot("fanout-" + admins).normal();
			report.add(open, replicas, Math.round((heapAfter - heapBefore) / 1024 / open * 10) / 10.0,
					Math.round(rssPerStream * 10) / 10.0, Math.round(cpu * 10) / 10.0,
					Math.round(seconds * 100) / 100.0, LoadClients.Snapshot.ms(latencies, 99), received);
			System.out.printf("%n[gateway-benchmark] %,d streams on %d replica(s): heap %.1f KiB, RSS %.1f KiB per "
					+ "stream, idle CPU %.1f%% of a core per replica; one notification to each of %,d admins: %,d "
					+ "received in %.2f s, %s%n%n", open, replicas, (heapAfter - heapBefore) / 1024 / open,
					rssPerStream, cpu, admins, received, seconds, LoadClients.Snapshot.describe(latencies));
			stopAll();
		}
		List<Long> streams = report.rows().stream().map((row) -> (Long) row.get(0)).toList();
		report.lines("connections-scaling-memory", "Memory per SSE stream as streams grow (1, 1, 3, 5 replicas)",
				"streams", "KiB per stream", false, streams, Map.of("heap", report.column(2), "RSS", report.column(3)));
		report.lines("connections-scaling-fanout", "One notification to every connected admin", "streams", "seconds",
				false, streams, Map.of("until every stream has it", report.column(5)));
	}

	/**
	 * Profiles the servers while the load runs; counts the CPU of everything else on the
	 * machine too.
	 */
	private Profiles.Window window(LoadClients run, Map<String, List<Long>> others) throws Exception {
		Map<String, Long> jvms = new LinkedHashMap<>();
		this.servers.forEach((server) -> jvms.put(server.name(), server.pid()));
		Map<String, List<Long>> all = new LinkedHashMap<>(others);
		all.put("kafka + publisher (JVM)", List.of(ProcessHandle.current().pid()));
		all.put("redis", ProcessFigures.named("redis-server"));
		all.put("sse clients", run.pids());
		return Profiles.window(jvms, all);
	}

	private final List<Integer> ports = new ArrayList<>();

	private int start(Server server, int index) throws Exception {
		int port = LoadClients.serverPort();
		ChildProcess process;
		String name = (server == Server.GATEWAY) ? "push-gateway-" + index : "baseline";
		List<String> jvm = Stream.concat(SERVER_JVM.stream(), Stream.of(Profiles.background())).toList();
		if (server == Server.GATEWAY) {
			List<String> arguments = Stream
				.concat(Stream.of("--server.port=" + port,
						"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
						"--notify.gateway.stream.max-connections-per-admin=20"), DevTokens.trustedBy(this.out).stream())
				.toList();
			process = ChildProcess.jar(name,
					this.root.resolve("push-gateway/target/push-gateway-" + this.version + ".jar"), jvm, arguments,
					this.out.resolve(name + ".log"));
		}
		else {
			List<String> command = new ArrayList<>(jvm);
			command.addAll(List.of("-Dorg.springframework.boot.logging.LoggingSystem=none",
					BaselineApplication.class.getName(), "--server.port=" + port,
					"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
					"--spring.kafka.consumer.auto-offset-reset=latest",
					// the tutorials' Tomcat keeps 8,192 connections: raised so that it
					// can
					// hold the same load
					"--server.tomcat.max-connections=30000", "--management.endpoints.web.exposure.include=*",
					"--management.endpoint.health.probes.enabled=true"));
			process = ChildProcess.java(name, command, this.out.resolve("baseline.log"));
		}
		this.servers.add(process);
		this.ports.add(port);
		process.awaitReady(port, TIMEOUT);
		return port;
	}

	private static String url(Server server, int port) {
		return (server == Server.GATEWAY) ? "http://127.0.0.1:" + port + "/api/notifications/stream"
				: "http://127.0.0.1:" + port + "/sse?adminId={admin}";
	}

	private LoadClients clients(List<String> urls, int admins, int perProcess, boolean spread) throws Exception {
		LoadClients run = LoadClients.start(this.out.resolve("run-" + (++this.runs)), urls, admins, perProcess, spread,
				TIMEOUT.multipliedBy(2));
		this.clients.add(run);
		return run;
	}

	private long publishToEach(int admins) {
		for (int i = 0; i < admins; i++) {
			publishToKafka(List.of(SseLoadClient.admin(i)));
		}
		this.producer.flush();
		return admins;
	}

	private long publishAt(int perSecond, Duration duration, Consumer<List<String>> publisher)
			throws InterruptedException {
		long sent = LoadClients.publishAt(perSecond, duration, CLIENT_CONNECTIONS, publisher);
		this.producer.flush();
		return sent;
	}

	private void publishToKafka(List<String> admins) {
		for (String admin : admins) {
			UUID id = UUID.randomUUID();
			this.producer.send(KafkaTestClient.cloudEventRecord("notification.dispatched.v1", admin,
					notification(id, admin), id.toString(), "/notification-router"));
		}
	}

	/**
	 * Publishes to Pushpin as its publishers do, many items in a request: what came due
	 * over 10 ms (the gateway's Kafka producer lingers 1 ms).
	 */
	private void publishToPushpin(List<String> admins) {
		admins.forEach((admin) -> this.pushpinBatch.add(Map.entry(admin, notification(UUID.randomUUID(), admin))));
		if (System.nanoTime() - this.pushpinFlushed >= 10_000_000L || this.pushpinBatch.size() >= 500) {
			this.pushpin.publish(this.pushpinBatch);
			this.pushpinBatch.clear();
			this.pushpinFlushed = System.nanoTime();
		}
	}

	private final List<Map.Entry<String, String>> pushpinBatch = new ArrayList<>();

	private long pushpinFlushed;

	private static String notification(UUID id, String admin) {
		return """
				{"notificationId":"%s","eventId":"e-%s","recipientId":"%s","type":"order.placed","priority":"NORMAL",\
				"title":"New order","channels":["WEB"],"source":"/orders","createdAt":"%s"}""".formatted(id, id, admin,
				Instant.now());
	}

	private void stopAll() throws Exception {
		for (LoadClients run : this.clients) {
			run.close();
		}
		this.clients.clear();
		for (ChildProcess process : this.servers) {
			process.requestStop();
		}
		for (ChildProcess process : this.servers) {
			process.awaitStop(Duration.ofSeconds(30));
		}
		this.servers.clear();
		this.ports.clear();
		if (this.pushpin != null) {
			this.pushpin.close();
			this.pushpin = null;
		}
	}

	private enum Server {

		GATEWAY("push-gateway"), PUSHPIN("Pushpin 1.36"), BASELINE("baseline (SseEmitter + ConcurrentHashMap)");

		private final String label;

		Server(String label) {
			this.label = label;
		}

	}

}
