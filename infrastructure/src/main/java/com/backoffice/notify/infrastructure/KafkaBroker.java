package com.backoffice.notify.infrastructure;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, running inside this JVM.
 */
public final class KafkaBroker implements AutoCloseable {

	private final EmbeddedKafkaKraftBroker broker;

	private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts a broker.
	 * @param port the client port, or 0 for a free one
	 * @return the running broker
	 */
	public static KafkaBroker start(int port) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		if (port > 0) {
			broker.kafkaPorts(port);
		}
		broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
				"group.initial.rebalance.delay.ms", "0", "log.cleaner.backoff.ms", "1000"));
		broker.brokerListProperty("notify.kafka.bootstrap-servers");
		broker.afterPropertiesSet();
		return new KafkaBroker(broker);
	}

	/**
	 * Returns the bootstrap servers, {@code host:port}.
	 * @return the bootstrap servers
	 */
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
