package com.backoffice.notify.gateway.stream;

import java.util.ArrayList;
import java.util.List;

import com.backoffice.notify.gateway.GatewayApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another gateway replica (its settings as command-line arguments, above
 * {@code application.yml}), on the same Redis and Kafka as the test's own, that reads
 * nothing from Kafka: whatever reaches its clients came through Redis from the replica
 * that read it.
 */
final class GatewayReplica implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private GatewayReplica(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static GatewayReplica startBeside(ConfigurableApplicationContext first, String... properties) {
		DataRedisConnectionDetails redis = first.getBean(DataRedisConnectionDetails.class);
		List<String> all = new ArrayList<>(List.of("server.port=0",
				"spring.kafka.bootstrap-servers="
						+ first.getEnvironment().getProperty("spring.kafka.bootstrap-servers"),
				"spring.cloud.stream.kafka.binder.brokers="
						+ first.getEnvironment().getProperty("spring.kafka.bootstrap-servers"),
				"spring.data.redis.host=" + redis.getStandalone().getHost(),
				"spring.data.redis.port=" + redis.getStandalone().getPort(),
				"spring.cloud.stream.bindings.deliver-in-0.consumer.auto-startup=false",
				"spring.cloud.stream.bindings.deliverUrgent-in-0.consumer.auto-startup=false",
				"spring.cloud.stream.bindings.deliverState-in-0.consumer.auto-startup=false"));
		all.addAll(List.of(properties));
		return new GatewayReplica(new SpringApplicationBuilder(GatewayApplication.class)
			.run(all.stream().map((property) -> "--" + property).toArray(String[]::new)));
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
