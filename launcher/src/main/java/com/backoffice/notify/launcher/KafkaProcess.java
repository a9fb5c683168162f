package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode ({@code kafka.Kafka}), as a child process
 * on fixed ports, with its data in a directory: started again on the same ports and
 * directory, it is the same broker restarted, with its topics and committed offsets.
 */
public final class KafkaProcess {

	private final ChildProcess process;

	private final String bootstrapServers;

	private KafkaProcess(ChildProcess process, String bootstrapServers) {
		this.process = process;
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Starts a broker, formatting its storage unless it holds a broker's data already.
	 * @param port the client port on localhost
	 * @param controllerPort the KRaft controller's port
	 * @param dataDirectory the directory for its configuration and data, which must exist
	 * @param logFile where its output goes
	 * @return the broker, once it answers
	 */
	public static KafkaProcess start(int port, int controllerPort, Path dataDirectory, Path logFile) {
		try {
			Path config = dataDirectory.resolve("server.properties");
			Files.writeString(config,
					String.join("\n", "process.roles=broker,controller", "node.id=1",
							"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
							"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
							"advertised.listeners=PLAINTEXT://localhost:" + port,
							"controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
							"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
							"log.dirs=" + dataDirectory.resolve("data"), "num.partitions=3",
							"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
							"transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
							"share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
							"auto.create.topics.enable=true", "log.cleaner.backoff.ms=1000", ""));
			// a restart finds its storage formatted, with the cluster id it keeps
			if (!Files.exists(dataDirectory.resolve("data/meta.properties"))) {
				String clusterId = Uuid.randomUuid().toString();
				ChildProcess format = ChildProcess.java("kafka-format", List.of("kafka.tools.StorageTool", "format",
						"--cluster-id", clusterId, "--config", config.toString()), logFile);
				int formatted = format.waitFor(Duration.ofMinutes(1));
				if (formatted != 0) {
					throw new IllegalStateException(
							"Formatting Kafka's storage failed (exit " + formatted + "), see " + logFile);
				}
			}
			ChildProcess broker = ChildProcess.java("kafka", List.of("kafka.Kafka", config.toString()), logFile);
			KafkaProcess kafka = new KafkaProcess(broker, "localhost:" + port);
			kafka.awaitReady(Duration.ofMinutes(2));
			return kafka;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public ChildProcess process() {
		return this.process;
	}

	private void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				4000))) {
			while (System.nanoTime() < deadline) {
				this.process.requireAlive();
				try {
					admin.describeCluster().nodes().get();
					return;
				}
				catch (Exception ex) {
					// not up yet: describeCluster waited for its own timeout, try again
				}
			}
		}
		throw new IllegalStateException("Kafka did not come up in " + timeout);
	}

}
