package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.backoffice.notify.infrastructure.FakeFcm;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.RedisProcess;

/**
 * Starts the whole platform locally and stops all of it on Ctrl-C or SIGTERM. Arguments:
 * the repository root and the project version (the build passes both).
 */
public final class LocalPlatform {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

	private final Path root;

	private final String version;

	private final Layout layout;

	private final Path runDirectory;

	private DomainSimulator simulator;

	private final List<AutoCloseable> toStop = new ArrayList<>();

	private final List<ChildProcess> children = new ArrayList<>();

	private volatile boolean stopping;

	LocalPlatform(Path root, String version, Layout layout) {
		this.root = root;
		this.version = version;
		this.layout = layout;
		this.runDirectory = layout.runDirectory();
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: LocalPlatform <repository root> <version>  (run it with ./mvnw -Plocal)");
			System.exit(2);
		}
		PortCheck.main(args);
		Path root = Path.of(args[0]).toAbsolutePath().normalize();
		LocalPlatform platform = new LocalPlatform(root, args[1], Layout.fixed(root));
		Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "stop-platform"));
		// When Maven goes, so do we: SIGTERM to ./mvnw reaches only Maven's JVM.
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(0)));
		try {
			platform.start();
		}
		catch (Exception ex) {
			System.err.println("\nThe platform did not start: " + ex.getMessage());
			System.exit(1);
		}
		platform.watch();
	}

	void start() throws Exception {
		long begin = System.nanoTime();
		Path logs = this.runDirectory.resolve("logs");
		deleteRecursively(this.runDirectory);
		Files.createDirectories(logs);
		Map<String, Path> jars = new LinkedHashMap<>();
		for (String service : PortCheck.START_ORDER) {
			Path jar = this.root.resolve(service).resolve("target").resolve(service + "-" + this.version + ".jar");
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("missing " + jar + ": build with ./mvnw -Plocal");
			}
			jars.put(service, jar);
		}

		step("Kafka (KRaft) on localhost:" + this.layout.kafka());
		Path kafkaData = Files.createDirectories(this.runDirectory.resolve("kafka"));
		KafkaProcess kafka = KafkaProcess.start(this.layout.kafka(), this.layout.kafkaController(), kafkaData,
				logs.resolve("kafka.log"));
		this.children.add(kafka.process());
		PlatformTopics.create(kafka.bootstrapServers());
		SeededAdmins.publish(kafka.bootstrapServers());

		step("Redis on localhost:" + this.layout.redis());
		this.toStop.add(RedisProcess.start(this.layout.redis()));
		step("PostgreSQL on localhost:" + this.layout.postgres());
		PostgresProcess postgres = PostgresProcess.start(this.layout.postgres());
		this.toStop.add(postgres);
		step("a fake FCM server on http://127.0.0.1:" + this.layout.fcm() + " (it logs each push here)");
		this.toStop.add(FakeFcm.start(this.layout.fcm(), true));
		step("the domain simulator on http://localhost:" + this.layout.simulator());
		this.simulator = DomainSimulator.start(this.layout.simulator(), kafka.bootstrapServers());
		this.toStop.add(this.simulator);

		for (Map.Entry<String, Path> service : jars.entrySet()) {
			String name = service.getKey();
			step(name + " on " + this.layout.url(name));
			this.children.add(ChildProcess.jar(name, service.getValue(),
					List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
					this.layout.arguments(name, postgres.jdbcUrl()), logs.resolve(name + ".log")));
		}
		awaitReadiness();
		banner(Duration.ofNanos(System.nanoTime() - begin), logs);
	}

	private void awaitReadiness() throws InterruptedException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		for (ChildProcess child : this.children.subList(1, this.children.size())) {
			child.awaitReady(this.layout.services().get(child.name()),
					Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			System.out.println("[local] " + child.name() + " is ready");
		}
	}

	private void watch() throws InterruptedException {
		while (!this.stopping) {
			for (ChildProcess child : this.children) {
				if (!child.isAlive() && !this.stopping) {
					System.err.println("[local] " + child.name() + " stopped unexpectedly, see " + child.log()
							+ "; stopping everything");
					System.exit(1);
				}
			}
			Thread.sleep(1000);
		}
	}

	synchronized void stop() {
		if (this.stopping && this.children.isEmpty() && this.toStop.isEmpty()) {
			return;
		}
		this.stopping = true;
		System.out.println("\n[local] stopping...");
		List<ChildProcess> services = new ArrayList<>(this.children);
		java.util.Collections.reverse(services);
		services.forEach(ChildProcess::requestStop);
		for (ChildProcess child : services) {
			if (!child.awaitStop(Duration.ofSeconds(30))) {
				System.err.println("[local] " + child.name() + " did not stop in 30 s and was killed");
			}
		}
		this.children.clear();
		for (AutoCloseable server : this.toStop) {
			try {
				server.close();
			}
			catch (Exception ex) {
				System.err.println("[local] " + server.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}
		this.toStop.clear();
		deleteRecursively(this.runDirectory.resolve("kafka"));
		System.out.println("[local] stopped; logs are in " + this.runDirectory.resolve("logs"));
	}

	private void banner(Duration took, Path logs) {
		Layout at = this.layout;
		System.out.printf(
				"""

						  Notification platform is up (%d s).

						    Admin console         %s              sign in as a seeded admin, watch notifications arrive
						    Domain simulator      http://localhost:%d              publish orders, claims, inquiries, exports, fraud alerts
						                          or: curl -X POST 'http://localhost:%d/publish?scenario=fraud&to=mall:m-1'
						                              scenario: %s, mixed
						                              to: admin:<id>, mall:<id>, partner:<id>, all
						                              a burst: add &count=500&perSecond=100
						    Live stream (SSE)     %s/api/notifications/stream   (push-gateway)
						    Timeline API          %s/api/timeline               (notification-store)
						    Router                %s/actuator/health
						    Device API            %s/api/devices                (mobile-push)
						    Fake FCM              http://127.0.0.1:%d              (each push it takes is logged here)
						    Kafka                 localhost:%d   topics: notification.requested.v1, ...
						    Redis                 localhost:%d
						    PostgreSQL            jdbc:postgresql://localhost:%d/notify   (postgres / postgres)
						    Seeded admins         op-m1 (mall m-1), op-m2 (mall m-2), pt-p1 (partner p-1), pl-1 (platform)
						    A token (12 h)        curl '%s/dev/token?adminId=op-m1'
						    Logs                  %s

						  Ctrl-C stops everything.

						""",
				took.toSeconds(), at.url("push-gateway"), at.simulator(), at.simulator(),
				String.join(", ",
						Arrays.stream(DomainSimulator.Scenario.values()).map(DomainSimulator.Scenario::id).toList()),
				at.url("push-gateway"), at.url("notification-store"), at.url("notification-router"),
				at.url("mobile-push"), at.fcm(), at.kafka(), at.redis(), at.postgres(), at.url("push-gateway"), logs);
	}

	Layout layout() {
		return this.layout;
	}

	DomainSimulator simulator() {
		return this.simulator;
	}

	private static void step(String what) {
		System.out.println("[local] starting " + what);
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
