package com.backoffice.notify.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaContractMessaging;
import com.backoffice.notify.infrastructure.test.KafkaContractStubs;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.contract.verifier.messaging.boot.AutoConfigureMessageVerifier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * The store against real Kafka and PostgreSQL, as its API's users drive it. Base class of
 * the tests generated from the store's contracts (what it publishes).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
@AutoConfigureMessageVerifier
@KafkaContractStubs
public abstract class StoreContractBase {

	/** The notification the contracts' examples read. */
	static final UUID READ_IN_THE_CONTRACT = UUID.fromString("7142dd1d-595e-3720-8a90-d8af1e8f1df3");

	@Autowired
	protected KafkaContractMessaging.Receiver published;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	@BeforeEach
	void readOnlyWhatThisTestPublishes() {
		this.published.startAtEnd("notification.state.v1");
		this.published.startAtEnd("notification.preferences.v1");
	}

	/**
	 * op-m1, with five unread notifications, reads the contract's one.
	 */
	public void readNotification() {
		this.jdbc.sql("DELETE FROM notification WHERE recipient_id = 'op-m1'").update();
		unread("op-m1", READ_IN_THE_CONTRACT);
		for (int i = 0; i < 4; i++) {
			unread("op-m1", UUID.randomUUID());
		}
		api().post().uri("/api/timeline/{id}/read", READ_IN_THE_CONTRACT).retrieve().toBodilessEntity();
	}

	/**
	 * op-m1 mutes new orders and wants claims on the console only.
	 */
	public void changePreferences() {
		api().put()
			.uri("/api/preferences")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("muted", List.of("order.placed"), "channels", Map.of("claim.raised", List.of("WEB"))))
			.retrieve()
			.toBodilessEntity();
	}

	private RestClient api() {
		return RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer " + DevTokens.forAdmin("op-m1"))
			.build();
	}

	private void unread(String recipient, UUID id) {
		this.jdbc.sql("""
				INSERT INTO notification (notification_id, recipient_id, event_id, type, priority, title, channels,
				                          source, created_at)
				VALUES (?, ?, ?, 'order.placed', 'NORMAL', 'New order', 'WEB', '/orders', ?)
				""").params(id, recipient, "e-" + id, Timestamp.from(Instant.now())).update();
	}

}
