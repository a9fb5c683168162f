package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventReaderTests {

	private final EventReader reader = new EventReader(JsonMapper.builder(EventReader.jsonFactory()).build());

	@Test
	void readsAValidPayload() {
		Sample sample = this.reader.read(message("{\"name\": \"op-m1\", \"tags\": [\"a\"]}"), Sample.class);

		assertThat(sample).isEqualTo(new Sample("op-m1", List.of("a")));
	}

	@Test
	void rejectsMalformedJsonSayingSo() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(message("{\"name\": "), Sample.class))
			.withMessageStartingWith("payload is not valid JSON:");
	}

	@Test
	void rejectsInvalidUtf8() {
		byte[] invalid = { '{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(MessageBuilder.withPayload(invalid).build(), Sample.class))
			.withMessageStartingWith("payload is not valid JSON:");
	}

	@Test
	void rejectsAPayloadOfTheWrongShapeNamingTheField() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(
					() -> this.reader.read(message("{\"name\": \"x\", \"tags\": {\"not\": \"a list\"}}"), Sample.class))
			.withMessageStartingWith("payload is not a valid Sample")
			.withMessageContaining("tags");
	}

	@Test
	void passesOnTheRecordsOwnReason() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(message("{\"tags\": []}"), Sample.class))
			.withMessage("payload is not a valid Sample: name is required");
	}

	@Test
	void rejectsEmptyAndNullPayloads() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(MessageBuilder.withPayload(new byte[0]).build(), Sample.class))
			.withMessage("payload is empty");
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(message("null"), Sample.class))
			.withMessage("payload is JSON null");
	}

	@Test
	void rejectsJsonNestedDeeperThanTheLimitBeforeItExhaustsTheStack() {
		String deep = "[".repeat(EventReader.MAX_NESTING_DEPTH + 1) + "]".repeat(EventReader.MAX_NESTING_DEPTH + 1);
		String deepest = "[".repeat(EventReader.MAX_NESTING_DEPTH) + "]".repeat(EventReader.MAX_NESTING_DEPTH);

		assertThat(this.reader.read(message(deepest), JsonNode.class).isArray()).isTrue();
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(message(deep), JsonNode.class))
			.withMessageStartingWith("payload is not valid JSON:")
			.withMessageContaining("nesting depth");
	}

	@Test
	void rejectsAPayloadLargerThanTheLimitWithoutParsingIt() {
		String huge = "{\"name\": \"" + "x".repeat(EventReader.MAX_DOCUMENT_BYTES) + "\"}";

		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read(message(huge), Sample.class))
			.withMessage("payload is " + (EventReader.MAX_DOCUMENT_BYTES + 12) + " bytes, more than the "
					+ EventReader.MAX_DOCUMENT_BYTES + " allowed");
	}

	@Test
	@SuppressWarnings("unchecked")
	void rejectsATombstone() {
		Message<?> tombstone = MessageBuilder.withPayload(KafkaNull.INSTANCE).build();

		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> this.reader.read((Message<byte[]>) tombstone, Sample.class))
			.withMessage("payload is a tombstone (null value)");
	}

	private static Message<byte[]> message(String json) {
		return MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build();
	}

	record Sample(String name, List<String> tags) {

		Sample {
			if (name == null) {
				throw new RejectedEventException("name is required");
			}
		}

	}

}
