package com.backoffice.notify.support;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetteringTests {

	@Test
	void takesARecordOfAPlainConsumerAsABindingWouldReceiveIt() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("admin.directory.v1", 2, 41, "op-m1", null);
		record.headers().add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8));
		// hostile or merely unlucky: headers named as the message's own
		record.headers().add("id", "not-a-uuid".getBytes(StandardCharsets.UTF_8));
		record.headers().add("timestamp", "yesterday".getBytes(StandardCharsets.UTF_8));

		Message<byte[]> received = DeadLettering.received(record);

		assertThat(received.getPayload()).as("a tombstone's payload").isEmpty();
		assertThat(received.getHeaders()).containsEntry(KafkaHeaders.RECEIVED_TOPIC, "admin.directory.v1")
			.containsEntry(KafkaHeaders.RECEIVED_PARTITION, 2)
			.containsEntry(KafkaHeaders.OFFSET, 41L)
			.containsEntry(KafkaHeaders.RECEIVED_KEY, "op-m1");
		assertThat((byte[]) received.getHeaders().get("ce_id")).asString(StandardCharsets.UTF_8).isEqualTo("e-1");
		assertThat(received.getHeaders().getId()).as("the message's own id").isNotNull();
	}

}
