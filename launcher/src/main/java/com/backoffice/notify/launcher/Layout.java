package com.backoffice.notify.launcher;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.backoffice.notify.infrastructure.Ports;

/**
 * Where a platform run keeps its files and which ports its parts listen on: the fixed
 * ports of {@code ./mvnw -Plocal}, or free ones for a test that runs the platform beside
 * anything else on the machine.
 *
 * @param runDirectory the logs and the Kafka data
 * @param kafka the broker's port
 * @param kafkaController the KRaft controller's port
 * @param redis the Redis port
 * @param postgres the PostgreSQL port
 * @param fcm the fake FCM server's port
 * @param simulator the domain simulator's port
 * @param services each service's HTTP port
 */
record Layout(Path runDirectory, int kafka, int kafkaController, int redis, int postgres, int fcm, int simulator,
		Map<String, Integer> services) {

	static Layout fixed(Path root) {
		return new Layout(root.resolve("launcher/target/local-run"), PortCheck.KAFKA_PORT,
				PortCheck.KAFKA_CONTROLLER_PORT, PortCheck.REDIS_PORT, PortCheck.POSTGRES_PORT, PortCheck.FCM_PORT,
				PortCheck.SIMULATOR_PORT, PortCheck.SERVICES);
	}

	static Layout free(Path runDirectory) {
		Set<Integer> taken = new HashSet<>();
		Map<String, Integer> services = new LinkedHashMap<>();
		PortCheck.START_ORDER.forEach((service) -> services.put(service, distinct(taken)));
		return new Layout(runDirectory, distinct(taken), distinct(taken), distinct(taken), distinct(taken),
				distinct(taken), distinct(taken), services);
	}

	private static int distinct(Set<Integer> taken) {
		while (true) {
			int port = Ports.free();
			if (taken.add(port)) {
				return port;
			}
		}
	}

	String url(String service) {
		return "http://localhost:" + this.services.get(service);
	}

	/**
	 * The arguments that point a service, started with the {@code local} profile, at this
	 * run's servers and ports.
	 * @param service the service
	 * @param postgresUrl the database's JDBC URL
	 * @return the command-line arguments
	 */
	List<String> arguments(String service, String postgresUrl) {
		int gateway = this.services.get("push-gateway");
		return List.of("--spring.profiles.active=local", "--server.port=" + this.services.get(service),
				"--spring.kafka.bootstrap-servers=localhost:" + this.kafka, "--spring.data.redis.port=" + this.redis,
				"--spring.datasource.url=" + postgresUrl, "--notify.mobile.fcm.endpoint=http://127.0.0.1:" + this.fcm,
				"--notify.gateway.console.store-url=" + url("notification-store"),
				"--notify.security.cors.allowed-origins=http://localhost:" + gateway + ",http://127.0.0.1:" + gateway);
	}

}
