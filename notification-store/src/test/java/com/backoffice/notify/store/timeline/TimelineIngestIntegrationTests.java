package com.backoffice.notify.store.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import com.backoffice.notify.infrastructure.test.AsyncApiDocument;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class TimelineIngestIntegrationTests {

	private static final String TOPIC = "notification.dispatched.v1";

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Autowired
	TimelineRepository timeline;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Environment environment;

	@LocalServerPort
	int port;

	@Test
	void storesEachNotificationOnceWhateverTheOrderAndHowOftenItArrives() {
		double duplicatesBefore = duplicates();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		String recipient = "admin-" + first;
		// the later one first, each twice, and one copy by the other lane
		for (UUID id : List.of(second, first, second)) {
			this.kafka.send(TOPIC, recipient, dispatched(id, recipient),
					KafkaTestClient.cloudEvent(id.toString(), TOPIC, "/notification-router"));
		}
		this.kafka.send("notification.dispatched.urgent.v1", recipient, dispatched(first, recipient), KafkaTestClient
			.cloudEvent(first.toString(), "notification.dispatched.urgent.v1", "/notification-router"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(duplicates() - duplicatesBefore).isEqualTo(2));
		assertThat(this.timeline.countFor(recipient)).isEqualTo(2);
		assertThat(this.timeline.countById(first)).isEqualTo(1);
		assertThat(this.timeline.countById(second)).isEqualTo(1);
	}

	private double duplicates() {
		return this.meters.get("notify.store.ingested").tag("outcome", "duplicate").counter().count();
	}

	@Test
	void storesNotificationsFromTheUrgentLane() {
		UUID id = UUID.randomUUID();
		String recipient = "admin-" + id;
		this.kafka.send("notification.dispatched.urgent.v1", recipient, dispatched(id, recipient),
				KafkaTestClient.cloudEvent(id.toString(), "notification.dispatched.urgent.v1", "/notification-router"));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countById(id) == 1);
	}

	@Test
	void deadLettersMalformedJsonAndKeepsConsuming() {
		String bad = "{\"notificationId\": \"" + UUID.randomUUID() + "\", \"title\": ";
		this.kafka.send(TOPIC, "broken", bad, KafkaTestClient.cloudEvent("bad", TOPIC, "/test"));
		UUID id = UUID.randomUUID();
		String recipient = "admin-" + id;
		this.kafka.send(TOPIC, recipient, dispatched(id, recipient),
				KafkaTestClient.cloudEvent(id.toString(), TOPIC, "/notification-router"));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countById(id) == 1);
		ConsumerRecord<String, String> dead = this.kafka
			.read(TOPIC + ".dlq", (record) -> bad.equals(record.value()), 1, Duration.ofSeconds(30))
			.get(0);
		assertThat(KafkaTestClient.header(dead, "x-exception-message")).contains("payload is not valid JSON");
		assertThat(KafkaTestClient.header(dead, "x-original-topic")).isEqualTo(TOPIC);
	}

	@Test
	void deadLettersOnlyTheBadRecordOfAPollAndStoresTheRest() {
		String recipient = "admin-" + UUID.randomUUID();
		String bad = "{\"notificationId\": \"" + UUID.randomUUID() + "\", \"recipientId\": \"" + recipient + "\"}";
		List<UUID> good = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID id = UUID.randomUUID();
			good.add(id);
			if (i == 10) {
				this.kafka.send(TOPIC, recipient, bad, KafkaTestClient.cloudEvent("bad-" + id, TOPIC, "/test"));
			}
			this.kafka.send(TOPIC, recipient, dispatched(id, recipient),
					KafkaTestClient.cloudEvent(id.toString(), TOPIC, "/notification-router"));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countFor(recipient) == 20);
		List<ConsumerRecord<String, String>> dead = this.kafka.read(TOPIC + ".dlq",
				(record) -> record.value().contains(recipient), 2, Duration.ofSeconds(5));
		assertThat(dead).singleElement()
			.satisfies((record) -> assertThat(record.value()).isEqualTo(bad))
			.satisfies((record) -> assertThat(KafkaTestClient.header(record, "x-exception-message"))
				.contains("payload is not a valid NotificationDispatched"));
		assertThat(good).allSatisfy((id) -> assertThat(this.timeline.countById(id)).isEqualTo(1));
	}

	@Test
	void deadLettersRecordsTheTableCannotHoldAndStoresTheRestOfTheirPoll() {
		String recipient = "admin-" + UUID.randomUUID();
		Map<String, String> reasons = new LinkedHashMap<>();
		reasons.put("\"title\": \"New order\\u0000#1042\"",
				"title contains a NUL character (\\u0000), which PostgreSQL cannot store");
		reasons.put("\"title\": \"" + "x".repeat(201) + "\"",
				"title is 201 characters long, more than its column's 200");
		reasons.put("\"createdAt\": \"+10000-01-01T00:00:00Z\"",
				"createdAt +10000-01-01T00:00:00Z is outside the years 1 to 9999");
		List<UUID> good = new ArrayList<>();
		Map<String, String> bad = new LinkedHashMap<>();
		reasons.forEach((field, reason) -> {
			UUID id = UUID.randomUUID();
			String json = dispatched(id, recipient).replaceFirst(
					field.startsWith("\"title") ? "\"title\": \"[^\"]*\"" : "\"createdAt\": \"[^\"]*\"",
					Matcher.quoteReplacement(field));
			bad.put(id.toString(), reason);
			this.kafka.send(TOPIC, recipient, json, KafkaTestClient.cloudEvent(id.toString(), TOPIC, "/test"));
			UUID next = UUID.randomUUID();
			good.add(next);
			this.kafka.send(TOPIC, recipient, dispatched(next, recipient),
					KafkaTestClient.cloudEvent(next.toString(), TOPIC, "/notification-router"));
		});

		await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countFor(recipient) == good.size());
		List<ConsumerRecord<String, String>> dead = this.kafka.read(TOPIC + ".dlq",
				(record) -> record.value().contains(recipient), bad.size(), Duration.ofSeconds(30));
		assertThat(dead).hasSize(bad.size())
			.allSatisfy((record) -> assertThat(KafkaTestClient.header(record, "x-exception-message"))
				.contains(bad.get(KafkaTestClient.header(record, "ce_id"))));
		assertThat(good).allSatisfy((id) -> assertThat(this.timeline.countById(id)).isEqualTo(1));
	}

	@Test
	void matchesTheAsyncApiDocumentAndServesIt() {
		AsyncApiDocument document = AsyncApiDocument.load();
		document.assertBindingsMatch(this.environment);
		document.assertServedBy(this.port);
	}

	private static String dispatched(UUID id, String recipient) {
		return """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "New order #1042", "body": "3 items", "link": "/orders/1042",
				 "data": {"orderId": "1042"}, "channels": ["WEB", "MOBILE"], "groupKey": null,
				 "source": "/orders", "createdAt": "2026-11-22T10:15:30Z", "expiresAt": null}
				""".formatted(id, id, recipient);
	}

}
