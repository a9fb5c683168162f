package com.backoffice.notify.mobile.sending;

import java.time.Duration;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaContractStubs;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.contract.stubrunner.StubTrigger;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
@KafkaContractStubs
class SendingIntegrationTests {

	private static final String TOPIC = "notification.dispatched.v1";

	@Autowired
	StubTrigger stubs;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	@Test
	void readsTheRoutersWebOnlyNotificationWithoutPushingIt() {
		double before = received("web-only");
		this.stubs.trigger("excel_export_dispatched");

		await().atMost(Duration.ofSeconds(30)).until(() -> received("web-only") > before);
	}

	@Test
	void picksNotificationsMeantForTheApp() {
		double before = received("mobile");
		String id = UUID.randomUUID().toString();
		try (KafkaTestClient kafka = KafkaTestClient.connect()) {
			kafka.send(TOPIC, "op-m1", """
					{"notificationId": "%s", "eventId": "e-1", "recipientId": "op-m1", "type": "claim.raised",
					 "priority": "HIGH", "title": "Return requested", "channels": ["WEB", "MOBILE"],
					 "source": "/claims", "createdAt": "2026-11-22T10:15:30Z"}
					""".formatted(id), KafkaTestClient.cloudEvent(id, TOPIC, "/notification-router"));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> received("mobile") > before);
	}

	@Test
	void migratesTheDeviceRegistryIntoItsOwnSchema() {
		assertThat(this.jdbc.sql("SELECT count(*) FROM mobile_push.device").query(Long.class).single()).isZero();
	}

	private double received(String channel) {
		return this.meters.get("notify.mobile.received").tag("channel", channel).counter().count();
	}

}
