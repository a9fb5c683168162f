package com.backoffice.notify.gateway.fanout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.backoffice.notify.gateway.stream.BufferProperties;
import com.backoffice.notify.infrastructure.test.AsyncApiDocument;
import com.backoffice.notify.infrastructure.test.KafkaContractStubs;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.contract.stubrunner.StubTrigger;
import org.springframework.core.env.Environment;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.REDIS })
@KafkaContractStubs
class FanoutIntegrationTests {

	/** The notification the router's contract stub dispatches to op-m1. */
	private static final String STUB_NOTIFICATION_ID = "7142dd1d-595e-3720-8a90-d8af1e8f1df3";

	@Autowired
	StubTrigger stubs;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	ReactiveStringRedisTemplate reactiveRedis;

	@Autowired
	BufferProperties properties;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Environment environment;

	@LocalServerPort
	int port;

	@Test
	void publishesTheRoutersNotificationToItsAdminsLiveChannelAndReplayStream() {
		List<String> live = new CopyOnWriteArrayList<>();
		Disposable subscription = this.reactiveRedis.listenToChannelLater(this.properties.liveChannel("op-m1"))
			.block(Duration.ofSeconds(10))
			.map(ReactiveSubscription.Message::getMessage)
			.subscribe(live::add);
		try {
			this.stubs.trigger("excel_export_dispatched");

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(live).anySatisfy((json) -> assertThat(json).contains(STUB_NOTIFICATION_ID)
							.contains("\"title\":\"Your Excel export is ready\"")));
			assertThat(this.redis.opsForStream().range(this.properties.replayStream("op-m1"), Range.unbounded()))
				.anySatisfy((entry) -> assertThat(entry.getValue()).containsEntry("k", "notification")
					.hasEntrySatisfying("e",
							(event) -> assertThat(String.valueOf(event)).contains(STUB_NOTIFICATION_ID)));
		}
		finally {
			subscription.dispose();
		}
	}

	@Test
	void buffersTheStoresReadStateChangeForItsAdmin() {
		long before = stateEntries("op-m1");
		this.stubs.trigger("notification_read");

		await().atMost(Duration.ofSeconds(30)).until(() -> stateEntries("op-m1") > before);
		assertThat(this.redis.opsForStream().reverseRange(this.properties.replayStream("op-m1"), Range.unbounded()))
			.filteredOn((entry) -> "state".equals(entry.getValue().get("k")))
			.first()
			.satisfies(
					(entry) -> assertThat(String.valueOf(entry.getValue().get("e"))).contains("\"change\":\"READ\""));
	}

	private long stateEntries(String admin) {
		return this.redis.opsForStream()
			.range(this.properties.replayStream(admin), Range.unbounded())
			.stream()
			.filter((entry) -> "state".equals(entry.getValue().get("k")))
			.count();
	}

	@Test
	void deliversARedeliveredNotificationOnce() {
		String id = UUID.randomUUID().toString();
		String admin = "admin-" + id;
		String json = """
				{"notificationId": "%s", "eventId": "e-1", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "New order", "channels": ["WEB"], "source": "/orders",
				 "createdAt": "2026-11-22T10:15:30Z"}
				""".formatted(id, admin);
		double duplicatesBefore = fanout("duplicate");
		KafkaTestClient kafka = KafkaTestClient.shared();
		kafka.send("notification.dispatched.v1", admin, json,
				KafkaTestClient.cloudEvent(id, "notification.dispatched.v1", "/notification-router"));
		kafka.send("notification.dispatched.v1", admin, json,
				KafkaTestClient.cloudEvent(id, "notification.dispatched.v1", "/notification-router"));

		await().atMost(Duration.ofSeconds(30)).until(() -> fanout("duplicate") > duplicatesBefore);
		assertThat(this.redis.opsForStream().size(this.properties.replayStream(admin))).isEqualTo(1);
	}

	private double fanout(String outcome) {
		return this.meters.get("notify.gateway.fanout").tag("outcome", outcome).counter().count();
	}

	@Test
	void deadLettersANotificationWithoutRecipient() {
		String id = UUID.randomUUID().toString();
		KafkaTestClient kafka = KafkaTestClient.shared();
		kafka.send("notification.dispatched.v1", null, "{\"notificationId\": \"" + id + "\"}",
				KafkaTestClient.cloudEvent(id, "notification.dispatched.v1", "/notification-router"));
		List<String> reasons = kafka
			.read("notification.dispatched.v1.dlq", (record) -> record.value().contains(id), 1, Duration.ofSeconds(30))
			.stream()
			.map((record) -> KafkaTestClient.header(record, "x-exception-message"))
			.toList();
		assertThat(reasons).singleElement().asString().contains("recipientId is required");
	}

	@Test
	void matchesTheAsyncApiDocumentAndServesIt() {
		AsyncApiDocument document = AsyncApiDocument.load();
		document.assertBindingsMatch(this.environment);
		document.assertServedBy(this.port);
	}

}
