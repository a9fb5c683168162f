package com.backoffice.notify.infrastructure;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, running inside this JVM, on a free port
 * (spring-kafka-test's KRaft broker cannot be given one; the local run starts a broker
 * process of its own on 9092).
 */
public final class KafkaBroker implements AutoCloseable {

	private final EmbeddedKafkaKraftBroker broker;

	private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts a broker.
	 * @return the running broker
	 */
	public static KafkaBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
				"group.initial.rebalance.delay.ms", "0", "log.cleaner.backoff.ms", "1000",
				// one broker: the router's digest commits exactly once, through
				// transactions
				"transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
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
