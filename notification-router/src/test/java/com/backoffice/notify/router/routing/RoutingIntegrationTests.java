package com.backoffice.notify.router.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingIntegrationTests extends RoutingContractBase {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Test
	void dispatchesOneNotificationPerAddressedAdminKeyedByRecipient() {
		String eventId = UUID.randomUUID().toString();
		request(eventId, "{\"adminIds\": [\"a-1\", \"a-2\", \"a-1\"]}");

		List<ConsumerRecord<String, String>> dispatched = dispatchedFor(eventId, 2);
		assertThat(dispatched).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("a-1", "a-2");
		for (ConsumerRecord<String, String> record : dispatched) {
			String notificationId = NotificationDispatched.idFor(eventId, record.key()).toString();
			assertThat(record.value()).contains("\"notificationId\":\"" + notificationId + "\"")
				.contains("\"recipientId\":\"" + record.key() + "\"")
				.contains("\"source\":\"/orders\"");
			assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(notificationId);
			assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(Routing.DISPATCHED);
			assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/notification-router");
			assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
		}
	}

	@Test
	void routesRequestsFromAPlainConsoleProducerThatSendsNoContentType() {
		String eventId = "console-" + UUID.randomUUID();
		Map<String, String> headers = new java.util.LinkedHashMap<>(
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/excel-export"));
		headers.remove("content-type");
		this.kafka.send(Routing.REQUESTED, null, requestJson("{\"adminIds\": [\"a-5\"]}"), headers);

		assertThat(dispatchedFor(eventId, 1)).extracting(ConsumerRecord::key).containsExactly("a-5");
	}

	@Test
	void redeliveredRequestYieldsTheSameNotificationId() {
		String eventId = UUID.randomUUID().toString();
		request(eventId, "{\"adminIds\": [\"a-3\"]}");
		request(eventId, "{\"adminIds\": [\"a-3\"]}");

		assertThat(dispatchedFor(eventId, 2)).extracting((record) -> KafkaTestClient.header(record, "ce_id"))
			.containsOnly(NotificationDispatched.idFor(eventId, "a-3").toString());
	}

	@Test
	void deadLettersMalformedJsonWithTheReasonAndKeepsRouting() {
		String badId = UUID.randomUUID().toString();
		this.kafka.send(Routing.REQUESTED, null, "{\"type\": \"order.placed\", \"title\": ",
				KafkaTestClient.cloudEvent(badId, Routing.REQUESTED, "/orders"));
		String goodId = UUID.randomUUID().toString();
		request(goodId, "{\"adminIds\": [\"a-4\"]}");

		assertThat(dispatchedFor(goodId, 1)).hasSize(1);
		ConsumerRecord<String, String> dead = deadLetter(badId);
		assertThat(KafkaTestClient.header(dead, "x-exception-message")).contains("payload is not valid JSON");
		assertThat(KafkaTestClient.header(dead, "x-original-topic")).isEqualTo(Routing.REQUESTED);
	}

	@Test
	void deadLettersRequestsWithoutCloudEventsHeaders() {
		String marker = UUID.randomUUID().toString();
		this.kafka.send(Routing.REQUESTED, null, requestJson("{\"adminIds\": [\"" + marker + "\"]}"), Map.of());

		ConsumerRecord<String, String> dead = this.kafka
			.read(Routing.REQUESTED + ".dlq", (record) -> record.value().contains(marker), 1, WAIT)
			.get(0);
		assertThat(KafkaTestClient.header(dead, "x-exception-message")).contains("header ce_id is missing");
	}

	@Test
	void deadLettersRequestsMissingRequiredFields() {
		String eventId = UUID.randomUUID().toString();
		this.kafka.send(Routing.REQUESTED, null, "{\"type\": \"order.placed\", \"audience\": {\"all\": true}}",
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/orders"));

		assertThat(KafkaTestClient.header(deadLetter(eventId), "x-exception-message")).contains("priority is required");
	}

	private void request(String eventId, String audience) {
		this.kafka.send(Routing.REQUESTED, eventId, requestJson(audience),
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/orders"));
	}

	private static String requestJson(String audience) {
		return """
				{"type": "order.placed", "priority": "NORMAL", "audience": %s,
				 "title": "New order #1042", "body": "3 items, 59,000 KRW", "link": "/orders/1042",
				 "data": {"orderId": "1042"}}
				""".formatted(audience);
	}

	private List<ConsumerRecord<String, String>> dispatchedFor(String eventId, int count) {
		List<ConsumerRecord<String, String>> found = this.kafka.read(Routing.DISPATCHED,
				(record) -> record.value().contains("\"eventId\":\"" + eventId + "\""), count, WAIT);
		assertThat(found).hasSize(count);
		return found;
	}

	private ConsumerRecord<String, String> deadLetter(String eventId) {
		List<ConsumerRecord<String, String>> found = this.kafka.read(Routing.REQUESTED + ".dlq",
				(record) -> eventId.equals(KafkaTestClient.header(record, "ce_id")), 1, WAIT);
		assertThat(found).as("dead letter of " + eventId).hasSize(1);
		return found.get(0);
	}

}
