package com.backoffice.notify.support;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Event reading and the consumers' retry policy.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
public class EventSupportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventReader eventReader(JsonMapper json) {
		return new EventReader(json);
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
