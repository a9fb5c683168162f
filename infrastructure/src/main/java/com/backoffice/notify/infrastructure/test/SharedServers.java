package com.backoffice.notify.infrastructure.test;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import com.backoffice.notify.infrastructure.KafkaBroker;
import com.backoffice.notify.infrastructure.PlatformTopics;
import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.RedisProcess;

/**
 * The servers of this JVM: each is started on first use and stopped when the JVM exits.
 */
final class SharedServers {

	private static final Map<Server, AutoCloseable> started = new EnumMap<>(Server.class);

	private static InfrastructureMode.Choice choice;

	private SharedServers() {
	}

	static synchronized InfrastructureMode mode() {
		if (choice == null) {
			choice = InfrastructureMode.choose();
			System.out.printf("[infrastructure] %s mode (%s): Kafka is in-JVM KRaft; Redis and PostgreSQL %s%n",
					choice.mode(), choice.reason(), (choice.mode() == InfrastructureMode.DOCKER)
							? "are Testcontainers with @ServiceConnection" : "are real server binaries from Maven");
		}
		return choice.mode();
	}

	static KafkaBroker kafka() {
		return get(Server.KAFKA, () -> {
			KafkaBroker broker = KafkaBroker.start();
			PlatformTopics.create(broker.bootstrapServers());
			return broker;
		});
	}

	static RedisProcess redis() {
		return get(Server.REDIS, () -> RedisProcess.start(0));
	}

	static PostgresProcess postgres() {
		return get(Server.POSTGRES, () -> PostgresProcess.start(0));
	}

	@SuppressWarnings("unchecked")
	private static synchronized <T extends AutoCloseable> T get(Server server, Supplier<T> starter) {
		return (T) started.computeIfAbsent(server, (key) -> {
			long begin = System.nanoTime();
			T running = starter.get();
			System.out.printf("[infrastructure] %s started in %d ms%n", key, (System.nanoTime() - begin) / 1_000_000);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(running), "stop-" + key));
			return running;
		});
	}

	private static void closeQuietly(AutoCloseable server) {
		try {
			server.close();
		}
		catch (Exception ex) {
			// the JVM is exiting; a server that will not stop cleanly is not worth a
			// stack trace
		}
	}

}
