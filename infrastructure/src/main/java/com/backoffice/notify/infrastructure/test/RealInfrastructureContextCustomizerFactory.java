package com.backoffice.notify.infrastructure.test;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.backoffice.notify.infrastructure.PostgresProcess;
import com.backoffice.notify.infrastructure.RedisProcess;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Connects test contexts of classes annotated with {@link RealInfrastructure} to the
 * shared servers.
 */
class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		RealInfrastructure annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				RealInfrastructure.class);
		if (annotation == null) {
			return null;
		}
		Set<Server> servers = EnumSet.of(Server.KAFKA);
		servers.addAll(List.of(annotation.value()));
		return new Customizer(servers);
	}

	private record Customizer(Set<Server> servers) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = new LinkedHashMap<>();
			String kafka = SharedServers.kafka().bootstrapServers();
			properties.put("spring.kafka.bootstrap-servers", kafka);
			properties.put("spring.cloud.stream.kafka.binder.brokers", kafka);
			boolean docker = SharedServers.mode() == InfrastructureMode.DOCKER;
			if (this.servers.contains(Server.POSTGRES)) {
				if (docker) {
					register(context, DockerServers.Postgres.class);
				}
				else {
					PostgresProcess postgres = SharedServers.postgres();
					properties.put("spring.datasource.url", postgres.jdbcUrl());
					properties.put("spring.datasource.username", PostgresProcess.USER);
					properties.put("spring.datasource.password", PostgresProcess.USER);
				}
			}
			if (this.servers.contains(Server.REDIS)) {
				if (docker) {
					register(context, DockerServers.Redis.class);
				}
				else {
					RedisProcess redis = SharedServers.redis();
					properties.put("spring.data.redis.host", "127.0.0.1");
					properties.put("spring.data.redis.port", redis.port());
				}
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("realInfrastructure", properties));
		}

		private static void register(ConfigurableApplicationContext context, Class<?> configuration) {
			new AnnotatedBeanDefinitionReader((BeanDefinitionRegistry) context).register(configuration);
		}

	}

}
