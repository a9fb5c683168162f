package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CloudEventsTests {

	@Test
	void readsRawByteHeadersAsAPlainKafkaProducerWritesThem() {
		Message<String> message = MessageBuilder.withPayload("{}")
			.setHeader("ce_id", "export-7781".getBytes(StandardCharsets.UTF_8))
			.build();

		assertThat(CloudEvents.header(message, CloudEvents.ID)).isEqualTo("export-7781");
	}

	@Test
	void findsAttributesThatSpringCloudFunctionRenamedToItsCanonicalPrefix() {
		Message<String> message = MessageBuilder.withPayload("{}").setHeader("ce-source", "/orders").build();

		assertThat(CloudEvents.header(message, CloudEvents.SOURCE)).isEqualTo("/orders");
	}

	@Test
	void rejectsAMissingOrBlankRequiredHeader() {
		Message<String> message = MessageBuilder.withPayload("{}").setHeader("ce_type", " ").build();

		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> CloudEvents.requiredHeader(message, CloudEvents.ID))
			.withMessage("header ce_id is missing");
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> CloudEvents.requiredHeader(message, CloudEvents.TYPE))
			.withMessage("header ce_type is missing");
	}

	@Test
	void writesTheFiveRequiredAttributes() {
		Instant time = Instant.parse("2026-11-22T10:15:30Z");
		Message<String> message = CloudEvents
			.withHeaders(MessageBuilder.withPayload("{}"), "n-1", "notification.dispatched.v1", "/notification-router",
					time)
			.build();

		assertThat(message.getHeaders()).containsEntry("ce_id", "n-1")
			.containsEntry("ce_type", "notification.dispatched.v1")
			.containsEntry("ce_source", "/notification-router")
			.containsEntry("ce_specversion", "1.0")
			.containsEntry("ce_time", "2026-11-22T10:15:30Z");
	}

	@Test
	void recognisesARejectionAnywhereInTheCauseChain() {
		RuntimeException wrapped = new IllegalStateException("handler failed",
				new RuntimeException(new RejectedEventException("payload is empty")));

		assertThat(RejectedEventException.isCauseOf(wrapped)).isTrue();
		assertThat(RejectedEventException.isCauseOf(new IllegalStateException("database down"))).isFalse();
	}

}
