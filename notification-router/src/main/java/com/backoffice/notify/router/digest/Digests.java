package com.backoffice.notify.router.digest;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The digest's Kafka Streams topology: notifications of digested types, keyed by
 * recipient, from {@code notification.digest.v1} through {@link DigestWindows} to
 * {@code notification.dispatched.v1}. The open digests live in a state store backed by a
 * changelog topic and everything commits exactly once, so a digest survives a restart or
 * a crash, moves with its partition to another replica, and goes out once.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class Digests {

	@Bean
	KStream<String, byte[]> digestTopology(StreamsBuilder streams, DigestProperties properties, JsonMapper json,
			MeterRegistry registry) {
		DigestWindows.Meters meters = new DigestWindows.Meters(registry);
		streams.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DigestWindows.STORE),
				Serdes.String(), Serdes.ByteArray()));
		String deadLetters = properties.pendingTopic() + ".dlq";
		KStream<String, byte[]> closed = streams
			.stream(properties.pendingTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
			.process(() -> new DigestWindows(properties, json, meters), DigestWindows.STORE);
		closed.to((key, value, record) -> (record.headers().lastHeader(DigestWindows.REJECTED) != null) ? deadLetters
				: properties.dispatchedTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
		return closed;
	}

	/**
	 * DOWN when the digest's stream has stopped for good; routing does not depend on it,
	 * so readiness does not include it.
	 */
	@Bean
	HealthIndicator digestHealthIndicator(StreamsBuilderFactoryBean digest) {
		return () -> {
			KafkaStreams streams = digest.getKafkaStreams();
			if (streams == null) {
				return Health.unknown().build();
			}
			KafkaStreams.State state = streams.state();
			return (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED)
					? Health.up().withDetail("state", state).build() : Health.down().withDetail("state", state).build();
		};
	}

}
