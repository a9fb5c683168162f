package com.backoffice.notify.store.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka refuses the store's events for a while (their topics take no record of that
 * size): the changes are still made, and their events follow, in order, once Kafka takes
 * them again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.stream.bindings.state.destination=" + OutboxIntegrationTests.STATE,
				"spring.cloud.stream.bindings.preferences.destination=" + OutboxIntegrationTests.PREFERENCES,
				"notify.store.outbox.poll-interval=200ms" })
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class OutboxIntegrationTests {

	static final String STATE = "outbox-test.state.v1";

	static final String PREFERENCES = "outbox-test.preferences.v1";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	private final String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Test
	void publishesEveryCommittedChangeInOrderOnceKafkaTakesItsEventsAgain() throws Exception {
		try (Admin topics = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers()))) {
			Map<String, String> refusing = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64");
			topics.createTopics(List.of(new NewTopic(STATE, 1, (short) 1).configs(refusing),
					new NewTopic(PREFERENCES, 1, (short) 1).configs(refusing)))
				.all()
				.get();
			UUID notification = UUID.randomUUID();
			this.kafka.send("notification.dispatched.v1", this.admin, """
					{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
					 "priority": "NORMAL", "title": "New order", "channels": ["WEB"], "source": "/orders",
					 "createdAt": "2026-11-22T10:15:30Z"}
					""".formatted(notification, notification, this.admin), KafkaTestClient
				.cloudEvent(notification.toString(), "notification.dispatched.v1", "/notification-router"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> call(HttpMethod.GET, "/api/timeline/unread-count", null).get("unreadCount").asLong() == 1);

			call(HttpMethod.PUT, "/api/preferences", Map.of("muted", List.of("order.placed")));
			JsonNode read = call(HttpMethod.POST, "/api/timeline/" + notification + "/read", null);
			call(HttpMethod.PUT, "/api/preferences", Map.of("muted", List.of()));

			assertThat(read.get("unreadCount").asLong()).as("the change is made while Kafka refuses its event")
				.isZero();
			assertThat(call(HttpMethod.GET, "/api/preferences", null).get("muted")).isEmpty();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pending()).isEqualTo(3));
			assertThat(this.kafka.read(List.of(STATE, PREFERENCES), (record) -> true, 1, Duration.ofSeconds(2)))
				.isEmpty();

			topics
				.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, STATE), List.of(accept()),
						new ConfigResource(ConfigResource.Type.TOPIC, PREFERENCES), List.of(accept())))
				.all()
				.get();

			assertThat(this.kafka.read(PREFERENCES, (record) -> this.admin.equals(record.key()), 2,
					Duration.ofSeconds(30)))
				.extracting((record) -> json.readTree(record.value()).get("muted").toString())
				.as("in the order they were made, the last one last")
				.containsExactly("[\"order.placed\"]", "[]");
			assertThat(this.kafka.read(STATE, (record) -> this.admin.equals(record.key()), 1, Duration.ofSeconds(30)))
				.extracting((record) -> json.readTree(record.value()).get("change").asString() + ":"
						+ json.readTree(record.value()).get("unreadCount").asLong())
				.containsExactly("READ:0");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pending()).isZero());
		}
	}

	private static AlterConfigOp accept() {
		return new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
				AlterConfigOp.OpType.SET);
	}

	private long pending() {
		return client().get()
			.uri("/actuator/metrics/notify.store.outbox.pending")
			.retrieve()
			.body(JsonNode.class)
			.at("/measurements/0/value")
			.asLong();
	}

	private JsonNode call(HttpMethod method, String path, Object body) {
		RestClient.RequestBodySpec request = client().method(method)
			.uri(path)
			.header("Authorization", "Bearer " + DevTokens.forAdmin(this.admin));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().body(JsonNode.class);
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

}
