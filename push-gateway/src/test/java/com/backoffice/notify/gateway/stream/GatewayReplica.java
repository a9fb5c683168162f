package com.backoffice.notify.gateway.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/**
	 * Starts a replica.
	 * @param first the test's own replica, whose Kafka and Redis it shares
	 * @param properties {@code name=value} settings, over the defaults above
	 * @return the started replica
	 */
	static GatewayReplica startBeside(ConfigurableApplicationContext first, String... properties) {
		DataRedisConnectionDetails redis = first.getBean(DataRedisConnectionDetails.class);
		String kafka = first.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("spring.kafka.bootstrap-servers", kafka);
		all.put("spring.cloud.stream.kafka.binder.brokers", kafka);
		all.put("spring.data.redis.host", redis.getStandalone().getHost());
		all.put("spring.data.redis.port", String.valueOf(redis.getStandalone().getPort()));
		for (String binding : List.of("deliver", "deliverUrgent", "deliverState")) {
			all.put("spring.cloud.stream.bindings." + binding + "-in-0.consumer.auto-startup", "false");
		}
		for (String property : properties) {
			int equals = property.indexOf('=');
			all.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return new GatewayReplica(new SpringApplicationBuilder(GatewayApplication.class).run(all.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new)));
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
