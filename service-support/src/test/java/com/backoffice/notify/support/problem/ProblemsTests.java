package com.backoffice.notify.support.problem;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ProblemsAutoConfiguration.class));

	@Test
	void writesTheFieldsOfRfc9457AsSpringDoes() {
		this.context.run((context) -> {
			JsonNode problem = read(context.getBean(Problems.class)
				.json(HttpStatus.UNAUTHORIZED, "This API needs a bearer token", "/api/timeline"));

			// as Spring MVC writes its own: no type stands for about:blank (RFC 9457,
			// 3.1.1)
			assertThat(problem.propertyNames()).containsExactlyInAnyOrder("title", "status", "detail", "instance");
			assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
			assertThat(problem.get("status").asInt()).isEqualTo(401);
			assertThat(problem.get("detail").asString()).isEqualTo("This API needs a bearer token");
			assertThat(problem.get("instance").asString()).isEqualTo("/api/timeline");
		});
	}

	@Test
	void keepsAHostilePathAsItsInstanceEncoded() {
		this.context.run((context) -> {
			Problems problems = context.getBean(Problems.class);

			assertThat(
					read(problems.json(HttpStatus.BAD_REQUEST, "malformed", "/api/a b\\c")).get("instance").asString())
				.isEqualTo("/api/a%20b%5Cc");
			assertThat(read(problems.json(HttpStatus.BAD_REQUEST, "malformed", "/api/{id}/%zz")).get("instance")
				.asString()).isEqualTo("/api/%7Bid%7D/%25zz");
		});
	}

	private static JsonNode read(byte[] json) {
		return JsonMapper.builder().build().readTree(json);
	}

}
