package com.backoffice.notify.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.FakeFcm;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.RedisProcess;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.launcher.ChildProcess;
import com.backoffice.notify.launcher.KafkaProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The platform under test, as it runs in production: the router, the store, two gateway
 * replicas and mobile-push each a process of its own, from the jars the build made, with
 * Kafka, Redis and PostgreSQL as processes too. A service or the broker can be killed and
 * restarted, and Redis stopped and started again on its port. One pipeline serves every
 * suite in a test run; {@link Shared} starts it the first time.
 */
final class Pipeline implements AutoCloseable {

	static final String ROUTER = "notification-router";

	static final String STORE = "notification-store";

	static final String GATEWAY_A = "push-gateway-a";

	static final String GATEWAY_B = "push-gateway-b";

	static final String MOBILE = "mobile-push";

	static final Duration READY = Duration.ofMinutes(4);

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path root;

	private final String version;

	private final Path directory;

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final Map<String, ChildProcess> running = new LinkedHashMap<>();

	private final List<String> trust;

	private final java.util.Set<String> admins = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private KafkaProcess kafka;

	private int nextPort = 21_000;

	private final int kafkaPort = port();

	private final int kafkaControllerPort = port();

	private RedisProcess redis;

	private final PostgresProcess postgres;

	private final FakeFcm fcm;

	private final SpanCollector spans;

	private final KafkaProducer<String, byte[]> producer;

	private Pipeline(Path root, String version) throws Exception {
		this.root = root;
		this.version = version;
		this.directory = root.resolve("reliability/target/pipeline");
		deleteRecursively(this.directory);
		Files.createDirectories(this.directory.resolve("logs"));
		this.trust = DevTokens.trustedBy(this.directory);
		this.kafka = startKafka();
		PlatformTopics.create(bootstrapServers());
		this.redis = RedisProcess.start(0);
		this.postgres = PostgresProcess.start(0);
		this.fcm = FakeFcm.start(0, false);
		this.spans = new SpanCollector(port());
		// as a domain service publishes: acks=all, idempotent, and retried through a
		// broker restart
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
				new StringSerializer(), new ByteArraySerializer());
		for (String service : List.of(ROUTER, STORE, GATEWAY_A, GATEWAY_B, MOBILE)) {
			this.ports.put(service, port());
			launch(service);
		}
		for (String service : this.ports.keySet()) {
			awaitReady(service);
		}
	}

	/**
	 * Hands a suite's methods the pipeline of this test run, started for the first suite
	 * that asks and stopped when the run ends.
	 */
	static final class Shared implements ParameterResolver {

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == Pipeline.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			return context.getRoot()
				.getStore(ExtensionContext.Namespace.GLOBAL)
				.computeIfAbsent(Pipeline.class, (key) -> start(), Pipeline.class);
		}

	}

	private static Pipeline start() {
		try {
			return new Pipeline(Path.of(System.getProperty("notify.root", "..")).toAbsolutePath().normalize(),
					System.getProperty("notify.version"));
		}
		catch (Exception ex) {
			throw new IllegalStateException("The pipeline did not start: " + ex.getMessage(), ex);
		}
	}

	String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	int port(String service) {
		return this.ports.get(service);
	}

	List<Integer> gateways() {
		return List.of(port(GATEWAY_A), port(GATEWAY_B));
	}

	String url(String service) {
		return "http://127.0.0.1:" + port(service);
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Returns the collector the services export their spans to.
	 * @return the spans
	 */
	SpanCollector spans() {
		return this.spans;
	}

	Connection database() throws SQLException {
		return DriverManager.getConnection(this.postgres.jdbcUrl(), PostgresProcess.USER, PostgresProcess.USER);
	}

	/**
	 * Publishes a notification request as a domain service does.
	 * @param eventId the {@code ce_id}, the idempotency key
	 * @param json the request
	 * @return the send, done when the broker has it
	 */
	Future<?> request(String eventId, String json) {
		return send(
				KafkaTestClient.cloudEventRecord("notification.requested.v1", eventId, json, eventId, "/reliability"));
	}

	/**
	 * Publishes any record, raw bytes and all.
	 * @param record the record
	 * @return the send, done when the broker has it
	 */
	Future<?> send(ProducerRecord<String, ?> record) {
		Object value = record.value();
		byte[] bytes = (value instanceof String text) ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8)
				: (byte[]) value;
		return this.producer.send(new ProducerRecord<>(record.topic(), null, record.key(), bytes, record.headers()));
	}

	void flush() {
		this.producer.flush();
	}

	/**
	 * Publishes admins to the directory and waits until the router has read them.
	 * @param admins the admins' directory entries
	 */
	void directory(List<Directory.Admin> admins) throws Exception {
		List<Future<?>> sent = new ArrayList<>();
		for (Directory.Admin admin : admins) {
			sent.add(send(new ProducerRecord<>("admin.directory.v1", admin.id(), admin.json(Instant.now()))));
			this.admins.add(admin.id());
		}
		flush();
		for (Future<?> future : sent) {
			future.get();
		}
		Awaitility.await("the router reads " + this.admins.size() + " admins")
			.atMost(READY)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> metric(ROUTER, "notify.router.directory.admins") >= this.admins.size());
	}

	/**
	 * Reads a gauge or counter of a service's actuator.
	 * @param service the service
	 * @param metric the metric's name
	 * @return its value, or -1 when the service does not answer
	 */
	double metric(String service, String metric) {
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create(url(service) + "/actuator/metrics/" + metric))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			Matcher value = VALUE.matcher(response.body());
			return (response.statusCode() == 200 && value.find()) ? Double.parseDouble(value.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	long pid(String service) {
		return this.running.get(service).pid();
	}

	boolean isAlive(String service) {
		ChildProcess process = this.running.get(service);
		return process != null && process.isAlive();
	}

	/** Kills a service with SIGKILL, as a crash or the OOM killer would. */
	void kill(String service) {
		this.running.remove(service).kill();
	}

	/** Starts a service that was killed, on its port, and waits until it is ready. */
	void restart(String service) throws InterruptedException {
		launch(service);
		awaitReady(service);
	}

	/**
	 * Kills the Kafka broker with SIGKILL and starts it again on its ports, with its
	 * data.
	 * @param whileDown what to do while it is down
	 */
	void restartKafka(Runnable whileDown) {
		this.kafka.process().kill();
		whileDown.run();
		this.kafka = startKafka();
	}

	/**
	 * A free port below the ephemeral range, where the ports of the many client
	 * connections cannot take it while a service is down.
	 */
	private int port() {
		while (true) {
			int port = this.nextPort++;
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// taken
			}
		}
	}

	private KafkaProcess startKafka() {
		try {
			return KafkaProcess.start(this.kafkaPort, this.kafkaControllerPort,
					Files.createDirectories(this.directory.resolve("kafka")), this.directory.resolve("logs/kafka.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops Redis and starts it again, empty, on its port (the gateway's Redis keeps
	 * nothing on disk: its replay buffers are gone).
	 * @param whileDown what to do while it is down
	 */
	void restartRedis(Runnable whileDown) {
		int port = this.redis.port();
		this.redis.close();
		whileDown.run();
		this.redis = RedisProcess.start(port);
	}

	private void launch(String service) {
		String jar = service.startsWith("push-gateway") ? "push-gateway" : service;
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port(service),
				"--spring.kafka.bootstrap-servers=" + bootstrapServers(),
				"--spring.datasource.url=" + this.postgres.jdbcUrl(), "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redis.port(), "--notify.mobile.fcm.endpoint=" + this.fcm.endpoint(),
				"--notify.mobile.fcm.project-id=reliability", "--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=" + this.spans.endpoint()));
		arguments.addAll(this.trust);
		this.running.put(service,
				ChildProcess.jar(service, this.root.resolve(jar + "/target/" + jar + "-" + this.version + ".jar"),
						List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), arguments,
						this.directory.resolve("logs/" + service + ".log")));
	}

	private void awaitReady(String service) throws InterruptedException {
		this.running.get(service).awaitReady(port(service), READY);
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
		List<ChildProcess> services = new ArrayList<>(this.running.values());
		services.forEach(ChildProcess::requestStop);
		services.forEach((service) -> service.awaitStop(Duration.ofSeconds(30)));
		this.kafka.process().requestStop();
		this.kafka.process().awaitStop(Duration.ofSeconds(30));
		this.fcm.close();
		this.spans.close();
		this.redis.close();
		this.postgres.close();
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
