package com.backoffice.notify.support;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Event reading and the consumers' retry policy.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
public class EventSupportAutoConfiguration {

	/**
	 * A reader whose mapper is configured as the application's, but on
	 * {@link EventReader#jsonFactory()}, with its limits.
	 * @param customizers what configures the application's mapper
	 * @return the reader
	 */
	@Bean
	@ConditionalOnMissingBean
	EventReader eventReader(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		JsonMapper.Builder json = JsonMapper.builder(EventReader.jsonFactory());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(json));
		return new EventReader(json.build());
	}

	/**
	 * Three attempts with backoff for failures that may pass (a database or broker blip),
	 * none for a {@link RejectedEventException}: it goes to the dead-letter topic at
	 * once.
	 * @return the retry template every consumer binding uses
	 */
	@Bean
	@StreamRetryTemplate
	RetryTemplate eventRetryTemplate() {
		return new RetryTemplate(RetryPolicy.builder()
			.maxRetries(2)
			.delay(Duration.ofMillis(500))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.predicate((failure) -> !RejectedEventException.isCauseOf(failure))
			.build());
	}

}
