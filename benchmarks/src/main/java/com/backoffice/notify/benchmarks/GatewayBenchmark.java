package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * The push-gateway under SSE load, side by side with the {@link BaselineApplication}
 * ({@code SseEmitter} + {@code ConcurrentHashMap}), every part a process of its own on
 * loopback: Kafka and Redis, the gateways, and {@link SseLoadClient} processes spread
 * over 127.0.0.x source addresses. {@code -Dscenario=}:
 * <ul>
 * <li>{@code connections}: one server to {@code CONNECTIONS} (19,000) streams: heap and
 * RSS per connection, CPU while idle with heartbeats, then one notification to every
 * admin;</li>
 * <li>{@code latency}: 10,000 connected admins, notifications at a steady 1,000/s then
 * 5,000/s: createdAt-to-client latency;</li>
 * <li>{@code replicas}: five gateways on one Redis, {@code ADMINS} (19,800) admins with
 * five streams each, one on every replica; one notification to every admin reaches all
 * five of its streams. A replica may hold 20,000 open files, its other files among them:
 * 19,800 streams each, 99,000 in all, is as close to 100,000 as five of them get.</li>
 * </ul>
 */
public final class GatewayBenchmark {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final int CLIENT_CONNECTIONS = 10_000;

	private final Path root;

	private final Path out;

	private final String version;

	private final KafkaBroker kafka;

	private final RedisProcess redis;

	private final KafkaProducer<String, String> producer;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<ChildProcess> processes = new ArrayList<>();

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
		String scenario = System.getProperty("scenario", "connections");
		try (KafkaBroker kafka = KafkaBroker.start(); RedisProcess redis = RedisProcess.start(0)) {
			PlatformTopics.create(kafka.bootstrapServers());
			GatewayBenchmark benchmark = new GatewayBenchmark(Path.of(args[0]), args[1], kafka, redis);
			try {
				switch (scenario) {
					case "connections" -> benchmark.connections(Integer.getInteger("connections", 19_000));
					case "latency" -> benchmark.latency();
					case "replicas" -> benchmark.replicas();
					default -> throw new IllegalArgumentException("No scenario " + scenario);
				}
			}
			finally {
				benchmark.stopAll();
			}
		}
		System.exit(0);
	}

	private void connections(int connections) throws Exception {
		for (Server server : List.of(Server.GATEWAY, Server.BASELINE)) {
			int port = start(server, 0);
			ChildProcess process = this.processes.get(this.processes.size() - 1);
			double heapBefore = heapAfterGc(process, port, server);
			long rssBefore = rssKb(process);
			Path run = clients(server, List.of(port), 0, connections);
			long open = total(run, Files.readAllLines(run.resolve("names")), 0);
			double heapAfter = heapAfterGc(process, port, server);
			// what the heap holds per stream, for the record
			new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					String.valueOf(process.pid()), "GC.class_histogram")
				.redirectErrorStream(true)
				.redirectOutput(this.out.resolve(server.name().toLowerCase() + "-histogram.txt").toFile())
				.start()
				.waitFor();
			long rssAfter = rssKb(process);
			double cpu = idleCpu(process, Duration.ofSeconds(30));
			long sent = publishToEach(connections);
			long received = awaitReceived(run, sent);
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
			Path run = clients(server, List.of(port), 0, CLIENT_CONNECTIONS);
			publishAt(1_000, Duration.ofSeconds(10), CLIENT_CONNECTIONS);
			snapshot(run, "warmup");
			for (int rate : List.of(1_000, 5_000)) {
				long sentAt = publishAt(rate, Duration.ofSeconds(30), CLIENT_CONNECTIONS);
				Histogram latencies = snapshot(run, "rate" + rate);
				System.out.printf(
						"%n[gateway-benchmark] %s: %,d connected admins, %,d notifications/s for 30 s (%,d/s achieved): "
								+ "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d received)%n%n",
						server.label, CLIENT_CONNECTIONS, rate, sentAt / 30,
						latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
						latencies.getValueAtPercentile(99.9) / 1000.0, latencies.getMaxValue() / 1000.0,
						latencies.getTotalCount());
			}
			stopAll();
		}
	}

	private void replicas() throws Exception {
		int admins = Integer.getInteger("admins", 19_800);
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ports.add(start(Server.GATEWAY, i));
		}
		Path run = clients(Server.GATEWAY, ports, 0, admins);
		long sent = publishToEach(admins);
		long received = awaitReceived(run, sent * ports.size());
		System.out.printf(
				"%n[gateway-benchmark] 5 gateways on one Redis: %,d streams (%,d admins x 5, one stream on each replica); "
						+ "one notification to every admin: %,d of %,d deliveries received%n%n",
				admins * ports.size(), admins, received, sent * ports.size());
	}

	private int start(Server server, int index) throws Exception {
		int port = serverPort();
		List<String> jvm = List.of("-Xms256m", "-Xmx3g", "-XX:+UseSerialGC");
		ChildProcess process;
		if (server == Server.GATEWAY) {
			List<String> arguments = Stream
				.concat(Stream.of("--server.port=" + port,
						"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
						"--notify.gateway.stream.max-connections-per-admin=20"), DevTokens.trustedBy(this.out).stream())
				.toList();
			process = ChildProcess.jar("push-gateway-" + index,
					this.root.resolve("push-gateway/target/push-gateway-" + this.version + ".jar"), jvm, arguments,
					this.out.resolve("push-gateway-" + index + ".log"));
		}
		else {
			process = ChildProcess.java("baseline",
					List.of("-Xmx3g", "-XX:+UseSerialGC", "-Dorg.springframework.boot.logging.LoggingSystem=none",
							BaselineApplication.class.getName(), "--server.port=" + port,
							"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
							"--spring.kafka.consumer.auto-offset-reset=latest",
							// the tutorials' Tomcat keeps 8,192 connections: raised so
							// that it can hold the same load
							"--server.tomcat.max-connections=30000", "--management.endpoints.web.exposure.include=*",
							"--management.endpoint.health.probes.enabled=true"),
					this.out.resolve("baseline.log"));
		}
		this.processes.add(process);
		process.awaitReady(port, TIMEOUT);
		return port;
	}

	/**
	 * A free port below the ephemeral range, where the load clients' own ports cannot
	 * take it.
	 */
	private static int serverPort() throws IOException {
		for (int port = 21_000; port < 32_000; port++) {
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// taken
			}
		}
		throw new IOException("No free port in 21000-32000");
	}

	/**
	 * Starts client processes of at most 9,000 streams each, each from a source address
	 * of its own, and waits until every stream is open.
	 */
	private Path clients(Server server, List<Integer> ports, int firstAdmin, int admins) throws Exception {
		Path run = this.out.resolve("run-" + (++this.runs));
		if (Files.exists(run)) {
			try (Stream<Path> earlier = Files.walk(run)) {
				earlier.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
		Files.createDirectories(run);
		// several client processes for one server; for replicas, one stream of every
		// admin on each replica
		int perProcess = (ports.size() == 1) ? 9_000 : 18_000 / ports.size();
		int processes = (admins + perProcess - 1) / perProcess;
		List<String> names = new ArrayList<>();
		String urls = String.join(",",
				ports.stream()
					.map((port) -> (server == Server.GATEWAY) ? "http://127.0.0.1:" + port + "/api/notifications/stream"
							: "http://127.0.0.1:" + port + "/sse?adminId={admin}")
					.toList());
		for (int k = 0; k < processes; k++) {
			int first = firstAdmin + k * perProcess;
			int count = Math.min(perProcess, firstAdmin + admins - first);
			String name = "client-" + k;
			names.add(name);
			this.processes.add(
					ChildProcess.java(
							name, List.of(SseLoadClient.class.getName(), run.toString(), name, urls,
									"127.0.1." + (10 + k), String.valueOf(first), String.valueOf(count)),
							run.resolve(name + ".log")));
		}
		long deadline = System.nanoTime() + TIMEOUT.toNanos() * 2;
		long connected = 0;
		while (System.nanoTime() < deadline) {
			connected = total(run, names, 0);
			if (connected >= (long) admins * ports.size()) {
				break;
			}
			Thread.sleep(500);
		}
		System.out.printf(
				"[gateway-benchmark] %s: %,d streams open (%,d attempts failed and were retried, as EventSource does) "
						+ "over %d client processes%n",
				server.label, connected, total(run, names, 1), names.size());
		Files.writeString(run.resolve("names"), String.join("\n", names));
		return run;
	}

	private static long total(Path run, List<String> names, int field) throws IOException {
		long sum = 0;
		for (String name : names) {
			Path status = run.resolve(name + ".status");
			if (Files.exists(status)) {
				sum += Long.parseLong(Files.readString(status).trim().split(" ")[field]);
			}
		}
		return sum;
	}

	private long publishToEach(int admins) {
		for (int i = 0; i < admins; i++) {
			publish(SseLoadClient.admin(i));
		}
		this.producer.flush();
		return admins;
	}

	private long awaitReceived(Path run, long expected) throws Exception {
		List<String> names = Files.readAllLines(run.resolve("names"));
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		long received = 0;
		long last = -1;
		long stableSince = System.nanoTime();
		while (System.nanoTime() < deadline && received < expected) {
			received = total(run, names, 2);
			if (received != last) {
				last = received;
				stableSince = System.nanoTime();
			}
			else if (System.nanoTime() - stableSince > Duration.ofSeconds(30).toNanos()) {
				break;
			}
			Thread.sleep(200);
		}
		return received;
	}

	/**
	 * Publishes to random connected admins at a steady rate.
	 * @return how many it published
	 */
	private long publishAt(int perSecond, Duration duration, int admins) throws InterruptedException {
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() < end) {
			long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
			while (sent < due) {
				publish(SseLoadClient.admin(ThreadLocalRandom.current().nextInt(admins)));
				sent++;
			}
			Thread.sleep(1);
		}
		this.producer.flush();
		return sent;
	}

	private void publish(String admin) {
		UUID id = UUID.randomUUID();
		String json = """
				{"notificationId":"%s","eventId":"e-%s","recipientId":"%s","type":"order.placed","priority":"NORMAL",\
				"title":"New order","channels":["WEB"],"source":"/orders","createdAt":"%s"}""".formatted(id, id, admin,
				Instant.now());
		this.producer.send(KafkaTestClient.cloudEventRecord("notification.dispatched.v1", admin, json, id.toString(),
				"/notification-router"));
	}

	private Histogram snapshot(Path run, String label) throws Exception {
		// let what is in flight arrive
		Thread.sleep(2_000);
		List<String> names = Files.readAllLines(run.resolve("names"));
		Files.writeString(run.resolve("snapshot-" + label), label);
		Histogram merged = new Histogram(3_600_000_000L, 3);
		for (String name : names) {
			Path file = run.resolve(name + "." + label + ".hgrm");
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!Files.exists(file) && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			byte[] bytes = Base64.getDecoder().decode(Files.readString(file).trim());
			merged.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
		}
		return merged;
	}

	private double heapAfterGc(ChildProcess process, int port, Server server) throws Exception {
		new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				String.valueOf(process.pid()), "GC.run")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start()
			.waitFor();
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
			.build(), HttpResponse.BodyHandlers.ofString());
		String body = response.body();
		int at = body.indexOf("\"value\":");
		return Double.parseDouble(body.substring(at + 8, body.indexOf('}', at)).trim());
	}

	private static long rssKb(ChildProcess process) throws IOException {
		return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElse(0L);
	}

	private static double idleCpu(ChildProcess process, Duration over) throws Exception {
		long before = cpuTicks(process);
		Thread.sleep(over.toMillis());
		long after = cpuTicks(process);
		// clock ticks of 10 ms
		return (after - before) * 10.0 / over.toMillis() * 100;
	}

	private static long cpuTicks(ChildProcess process) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private void stopAll() throws IOException {
		for (int i = 1; i <= this.runs; i++) {
			Path run = this.out.resolve("run-" + i);
			if (Files.isDirectory(run) && !Files.exists(run.resolve("stop"))) {
				Files.writeString(run.resolve("stop"), "stop");
			}
		}
		for (ChildProcess process : this.processes) {
			process.requestStop();
		}
		for (ChildProcess process : this.processes) {
			process.awaitStop(Duration.ofSeconds(30));
		}
		this.processes.clear();
	}

	private enum Server {

		GATEWAY("push-gateway"), BASELINE("baseline (SseEmitter + ConcurrentHashMap)");

		private final String label;

		Server(String label) {
			this.label = label;
		}

	}

}
