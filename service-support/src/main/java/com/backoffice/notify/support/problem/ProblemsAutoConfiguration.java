package com.backoffice.notify.support.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;

/**
 * The writer of problem bodies for the refusals answered outside Spring's own problem
 * handling.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnClass(ProblemDetail.class)
public class ProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Problems problems(JsonMapper json) {
		return new Problems(json);
	}

}
