package com.backoffice.notify.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local run's fixed ports, and a check that all are free. Uses the JDK only, so that
 * the build can run this file as a single-file program before it rebuilds any jar a
 * running platform uses.
 */
public final class PortCheck {

	static final int KAFKA_PORT = 9092;

	static final int KAFKA_CONTROLLER_PORT = 9093;

	static final int REDIS_PORT = 6380;

	static final int POSTGRES_PORT = 5433;

	/**
	 * The fake FCM server mobile-push sends to in the local run
	 * ({@code application-local.yml}).
	 */
	static final int FCM_PORT = 8099;

	/** The domain simulator's page and {@code POST /publish}. */
	static final int SIMULATOR_PORT = 8090;

	/**
	 * The services, in start order, with their ports (docs/ARCHITECTURE.md, "Local run").
	 */
	static final Map<String, Integer> SERVICES = Map.of("notification-router", 8082, "notification-store", 8081,
			"push-gateway", 8080, "mobile-push", 8083);

	static final List<String> START_ORDER = List.of("notification-router", "notification-store", "push-gateway",
			"mobile-push");

	private PortCheck() {
	}

	/**
	 * Exits with 1, saying which ports are taken, when any is.
	 * @param args none
	 */
	public static void main(String[] args) {
		List<String> taken = takenPorts();
		if (!taken.isEmpty()) {
			System.err.println("Cannot start the platform: " + String.join(", ", taken)
					+ ". Stop whatever holds them (an earlier run?) and try again.");
			System.exit(1);
		}
	}

	static List<String> takenPorts() {
		Map<Integer, String> ports = new LinkedHashMap<>();
		ports.put(KAFKA_PORT, "Kafka");
		ports.put(KAFKA_CONTROLLER_PORT, "Kafka controller");
		ports.put(REDIS_PORT, "Redis");
		ports.put(POSTGRES_PORT, "PostgreSQL");
		ports.put(FCM_PORT, "fake FCM");
		ports.put(SIMULATOR_PORT, "domain simulator");
		START_ORDER.forEach((name) -> ports.put(SERVICES.get(name), name));
		return ports.entrySet()
			.stream()
			.filter((entry) -> !isFree(entry.getKey()))
			.map((entry) -> "port " + entry.getKey() + " (" + entry.getValue() + ") is in use")
			.toList();
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
