package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

	private final Path runDirectory;

	private final List<AutoCloseable> toStop = new ArrayList<>();

	private final List<ChildProcess> children = new ArrayList<>();

	private volatile boolean stopping;

	LocalPlatform(Path root, String version) {
		this.root = root;
		this.version = version;
		this.runDirectory = root.resolve("launcher/target/local-run");
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: LocalPlatform <repository root> <version>  (run it with ./mvnw -Plocal)");
			System.exit(2);
		}
		PortCheck.main(args);
		LocalPlatform platform = new LocalPlatform(Path.of(args[0]).toAbsolutePath().normalize(), args[1]);
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

		step("Kafka (KRaft) on localhost:" + PortCheck.KAFKA_PORT);
		Path kafkaData = Files.createDirectories(this.runDirectory.resolve("kafka"));
		KafkaProcess kafka = KafkaProcess.start(PortCheck.KAFKA_PORT, PortCheck.KAFKA_CONTROLLER_PORT, kafkaData,
				logs.resolve("kafka.log"));
		this.children.add(kafka.process());
		PlatformTopics.create(kafka.bootstrapServers());
		SeededAdmins.publish(kafka.bootstrapServers());

		step("Redis on localhost:" + PortCheck.REDIS_PORT);
		this.toStop.add(RedisProcess.start(PortCheck.REDIS_PORT));
		step("PostgreSQL on localhost:" + PortCheck.POSTGRES_PORT);
		this.toStop.add(PostgresProcess.start(PortCheck.POSTGRES_PORT));
		step("a fake FCM server on http://127.0.0.1:" + PortCheck.FCM_PORT + " (it logs each push here)");
		this.toStop.add(FakeFcm.start(PortCheck.FCM_PORT, true));

		for (Map.Entry<String, Path> service : jars.entrySet()) {
			String name = service.getKey();
			step(name + " on http://localhost:" + PortCheck.SERVICES.get(name));
			this.children.add(ChildProcess.jar(name, service.getValue(),
					List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
					List.of("--spring.profiles.active=local"), logs.resolve(name + ".log")));
		}
		awaitReadiness();
		banner(Duration.ofNanos(System.nanoTime() - begin), logs);
	}

	private void awaitReadiness() throws InterruptedException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		for (ChildProcess child : this.children.subList(1, this.children.size())) {
			child.awaitReady(PortCheck.SERVICES.get(child.name()),
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
		System.out.printf("""

				  Notification platform is up (%d s).

				    Admin console + SSE   http://localhost:8080            (push-gateway)
				    Timeline API          http://localhost:8081/api/...    (notification-store)
				    Router                http://localhost:8082/actuator/health
				    Device API            http://localhost:8083/api/devices (mobile-push)
				    Fake FCM              http://127.0.0.1:%d              (each push it takes is logged here)
				    Kafka                 localhost:%d   topics: notification.requested.v1, ...
				    Redis                 localhost:%d
				    PostgreSQL            jdbc:postgresql://localhost:%d/notify   (postgres / postgres)
				    Seeded admins         op-m1 (mall m-1), op-m2 (mall m-2), pt-p1 (partner p-1), pl-1 (platform)
				    A token (12 h)        curl 'http://localhost:8080/dev/token?adminId=op-m1'
				    Logs                  %s

				  Publish a notification: see README.md, "Publish your first notification".
				  Ctrl-C stops everything.

				""", took.toSeconds(), PortCheck.FCM_PORT, PortCheck.KAFKA_PORT, PortCheck.REDIS_PORT,
				PortCheck.POSTGRES_PORT, logs);
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
