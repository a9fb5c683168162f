package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.RedisProcess;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away under a gateway with a client connected, and comes back empty: the
 * stream stays open meanwhile, nothing read from Kafka is acknowledged, and once Redis is
 * back what came meanwhile is handed to it, the client is told to reconnect, and once
 * reconnected it gets a reset (its last id went with the old data) and live events.
 */
@SpringBootTest
@RealInfrastructure({ Server.KAFKA, Server.REDIS })
class RedisOutageIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String GROUP = "push-gateway-redis-outage";

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void keepsStreamsOpenReportsRedisDownAndResumesDeliveryOnceRedisIsBack() throws Exception {
		String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);
		RedisProcess redis = RedisProcess.start(0);
		int redisPort = redis.port();
		// a gateway of its own consumer group on a Redis of its own
		try (GatewayReplica gateway = GatewayReplica.startBeside(this.context, "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redisPort, "notify.gateway.stream.heartbeat=1s",
				"spring.cloud.stream.bindings.deliver-in-0.consumer.auto-startup=true",
				"spring.cloud.stream.bindings.deliver-in-0.group=" + GROUP);
				SseClient client = SseClient.connect(gateway.port(), DevTokens.forAdmin(admin), null);
				Admin kafkaAdmin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers()))) {
			publish(admin, "Before");
			await().atMost(WAIT).until(() -> client.events("notification").size() == 1);

			redis.close();
			await().atMost(WAIT)
				.until(() -> health(gateway, "/actuator/health").at("/components/redis/status")
					.asString()
					.equals("DOWN"));
			assertThat(health(gateway, "/actuator/health/liveness").get("status").asString()).isEqualTo("UP");
			publish(admin, "Meanwhile");
			// an admin who opens a stream while Redis is away
			String latecomer = "op-" + UUID.randomUUID().toString().substring(0, 8);
			SseClient during = SseClient.connect(gateway.port(), DevTokens.forAdmin(latecomer), null);
			int heartbeats = heartbeats(client);
			await().atMost(WAIT).during(Duration.ofSeconds(3)).until(() -> lag(kafkaAdmin) >= 1 && !client.ended);
			assertThat(heartbeats(client)).as("the stream stays open and alive").isGreaterThan(heartbeats);

			redis = RedisProcess.start(redisPort);
			// once Redis is back the stream is told to reconnect: while this replica
			// could not listen, its live events did not reach it, and a reconnecting
			// client resumes from the buffer
			await().atMost(WAIT).until(() -> client.ended);
			StringRedisTemplate restarted = gateway.bean(StringRedisTemplate.class);
			await().atMost(WAIT)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(restarted.opsForStream()
					.range(gateway.bean(BufferProperties.class).replayStream(admin), Range.unbounded()))
					.as("what came meanwhile was handed to Redis once it was back")
					.singleElement()
					.satisfies((entry) -> assertThat(String.valueOf(entry.getValue().get("e"))).contains("Meanwhile")));
			// the client resumes on the same replica; Redis came back empty, so its last
			// id is gone: a reset, then live events again; and the latecomer's stream,
			// opened while Redis was away, reconnects too
			try (SseClient resumed = SseClient.connect(gateway.port(), DevTokens.forAdmin(admin), client.lastEventId());
					SseClient latecomerResumed = reconnected(during, latecomer, gateway)) {
				await().atMost(WAIT).until(() -> resumed.events("reset").size() == 1);
				publish(admin, "After");
				publish(latecomer, "For the latecomer");
				await().atMost(WAIT).until(() -> resumed.events("notification").size() == 1);
				assertThat(resumed.events("notification").get(0).data()).contains("After");
				assertThat(resumed.ended).as("told to reconnect once, not again once it resumed").isFalse();
				await().atMost(WAIT).until(() -> latecomerResumed.events("notification").size() == 1);
				assertThat(latecomerResumed.events("notification").get(0).data()).contains("For the latecomer");
				assertThat(during.events("notification")).isEmpty();
			}
			finally {
				during.close();
			}
			await().atMost(WAIT).until(() -> lag(kafkaAdmin) == 0);
			await().atMost(WAIT).until(() -> health(gateway, "/actuator/health").get("status").asString().equals("UP"));
		}
		finally {
			redis.close();
		}
	}

	@Test
	void startsWithoutRedisAndDeliversOnceRedisIsUp() {
		String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);
		int redisPort = com.backoffice.notify.infrastructure.Ports.free();
		RedisProcess redis = null;
		try (GatewayReplica gateway = GatewayReplica.startBeside(this.context, "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redisPort,
				"spring.cloud.stream.bindings.deliver-in-0.consumer.auto-startup=true",
				"spring.cloud.stream.bindings.deliver-in-0.group=" + GROUP + "-late-redis")) {
			assertThat(health(gateway, "/actuator/health").at("/components/redis/status").asString()).isEqualTo("DOWN");
			redis = RedisProcess.start(redisPort);
			await().atMost(WAIT).until(() -> health(gateway, "/actuator/health").get("status").asString().equals("UP"));
			try (SseClient client = SseClient.connect(gateway.port(), DevTokens.forAdmin(admin), null)) {
				publish(admin, "Once Redis is up");
				await().atMost(WAIT).until(() -> client.events("notification").size() == 1);
				assertThat(client.events("notification").get(0).data()).contains("Once Redis is up");
			}
		}
		finally {
			if (redis != null) {
				redis.close();
			}
		}
	}

	/**
	 * What a browser does when its stream ends: it reconnects, with the last id it got.
	 */
	private static SseClient reconnected(SseClient ended, String admin, GatewayReplica gateway) {
		await().atMost(WAIT).until(() -> ended.ended);
		return SseClient.connect(gateway.port(), DevTokens.forAdmin(admin), ended.lastEventId());
	}

	private void publish(String admin, String title) {
		UUID id = UUID.randomUUID();
		this.kafka.send("notification.dispatched.v1", admin, """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "%s", "channels": ["WEB"], "source": "/orders", "createdAt": "%s"}
				""".formatted(id, id, admin, title, Instant.now()),
				KafkaTestClient.cloudEvent(id.toString(), "notification.dispatched.v1", "/notification-router"));
	}

	/**
	 * How many records of the bulk lane the test gateway's group has not acknowledged.
	 */
	private static long lag(Admin admin) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
			.listOffsets(committed.keySet().stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())))
			.all()
			.get();
		return committed.entrySet()
			.stream()
			.mapToLong((entry) -> ends.get(entry.getKey()).offset() - entry.getValue().offset())
			.sum();
	}

	private static int heartbeats(SseClient client) {
		return (int) client.received.stream().filter((event) -> "heartbeat".equals(event.comment())).count();
	}

	private static JsonNode health(GatewayReplica gateway, String path) {
		return WebClient.create("http://localhost:" + gateway.port())
			.get()
			.uri(path)
			.exchangeToMono((response) -> response.bodyToMono(JsonNode.class))
			.block(Duration.ofSeconds(10));
	}

}
