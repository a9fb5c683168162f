package com.backoffice.notify.mobile.sending;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.backoffice.notify.infrastructure.FakeFcm;
import com.backoffice.notify.infrastructure.FakeFcm.Answer;
import com.backoffice.notify.infrastructure.test.AsyncApiDocument;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.mobile.MobilePushIntegrationBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.contract.stubrunner.StubTrigger;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SendingIntegrationTests extends MobilePushIntegrationBase {

	private static final String TOPIC = "notification.dispatched.v1";

	private static final String URGENT_TOPIC = "notification.dispatched.urgent.v1";

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	StubTrigger stubs;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Environment environment;

	private final String admin = "op-" + unique();

	@Test
	void pushesToEveryDeviceOfTheRecipientAndNoOneElse() {
		String phone = token("phone");
		String tablet = token("tablet");
		String someoneElses = token("other");
		register(this.admin, phone);
		register(this.admin, tablet);
		register("op-" + unique(), someoneElses);
		UUID id = UUID.randomUUID();
		Instant expiresAt = Instant.now().plus(1, ChronoUnit.HOURS);

		publish(URGENT_TOPIC, id, this.admin, """
				"type": "fraud.detected", "priority": "URGENT", "title": "Suspicious order #77",
				"body": "Card used in 3 countries", "link": "/fraud/77", "groupKey": "fraud:m-1",
				"expiresAt": "%s"
				""".formatted(expiresAt));

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1 && fcm.deliveredTo(tablet).size() == 1);
		FakeFcm.Request push = fcm.deliveredTo(phone).get(0);
		assertThat(push.data("notificationId")).isEqualTo(id.toString());
		assertThat(push.data("type")).isEqualTo("fraud.detected");
		assertThat(push.data("link")).isEqualTo("/fraud/77");
		assertThat(push.message().at("/notification/title").asString()).isEqualTo("Suspicious order #77");
		assertThat(push.message().at("/android/priority").asString()).isEqualTo("high");
		assertThat(push.message().at("/android/collapse_key").asString()).isEqualTo("fraud:m-1");
		assertThat(ttlSeconds(push)).isBetween(3500.0, 3600.0);
		assertThat(push.message().at("/apns/headers/apns-priority").asString()).isEqualTo("10");
		assertThat(push.message().at("/apns/headers/apns-collapse-id").asString()).isEqualTo("fraud:m-1");
		assertThat(push.message().at("/apns/headers/apns-expiration").asString())
			.isEqualTo(Long.toString(expiresAt.getEpochSecond()));
		assertThat(fcm.deliveredTo(tablet).get(0).data("notificationId")).isEqualTo(id.toString());
		assertThat(fcm.requestsFor(someoneElses)).isEmpty();
	}

	@Test
	void sendsOrdinaryNotificationsAtNormalPriority() {
		String phone = registered();
		publish(TOPIC, UUID.randomUUID(), this.admin, """
				"type": "order.placed", "priority": "NORMAL", "title": "New order #1042", "body": "3 items"
				""");

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		FakeFcm.Request push = fcm.deliveredTo(phone).get(0);
		assertThat(push.message().at("/android/priority").asString()).isEqualTo("normal");
		assertThat(push.message().at("/apns/headers/apns-priority").asString()).isEqualTo("5");
		assertThat(push.message().at("/android/ttl").isMissingNode()).isTrue();
		assertThat(push.data("link")).isNull();
	}

	@Test
	void readsTheRoutersWebOnlyNotificationWithoutPushingIt() {
		double before = received("web-only");
		long requests = fcm.requests().size();
		this.stubs.trigger("excel_export_dispatched");

		await().atMost(WAIT).until(() -> received("web-only") > before);
		assertThat(fcm.requests()).hasSize((int) requests);
	}

	@Test
	void forgetsATokenFcmCallsUnregisteredWithoutTryingAgain() {
		String gone = registered();
		String alive = registered();
		fcm.answer(gone, Answer.unregistered());
		UUID id = UUID.randomUUID();
		publishOrder(id);

		await().atMost(WAIT).until(() -> !devices().contains(gone));
		await().atMost(WAIT).until(() -> fcm.deliveredTo(alive).size() == 1);
		assertThat(fcm.requestsFor(gone)).singleElement()
			.extracting(FakeFcm.Request::errorCode)
			.isEqualTo("UNREGISTERED");
		assertThat(devices()).containsExactly(alive);
		assertThat(this.meters.counter("notify.mobile.tokens.removed", "reason", "unregistered").count()).isPositive();
	}

	@Test
	void forgetsATokenFcmCallsInvalid() {
		String invalid = registered();
		fcm.answer(invalid, Answer.invalidToken());
		publishOrder(UUID.randomUUID());

		await().atMost(WAIT).until(() -> !devices().contains(invalid));
		assertThat(fcm.requestsFor(invalid)).hasSize(1);
		assertThat(this.meters.counter("notify.mobile.tokens.removed", "reason", "invalid_argument").count())
			.isPositive();
	}

	@Test
	void keepsTheDeviceAndDeadLettersANotificationFcmRejects() {
		String phone = registered();
		fcm.answer(phone, Answer.invalidArgument("Invalid value at 'message.android.ttl'"));
		UUID id = UUID.randomUUID();
		publishOrder(id);

		ConsumerRecord<String, String> dead = deadLetter(TOPIC, id);
		assertThat(KafkaTestClient.header(dead, "x-exception-message"))
			.startsWith("FCM rejected the message (INVALID_ARGUMENT): Invalid value at 'message.android.ttl'");
		assertThat(KafkaTestClient.header(dead, "x-original-topic")).isEqualTo(TOPIC);
		assertThat(fcm.requestsFor(phone)).hasSize(1);
		assertThat(devices()).containsExactly(phone);

		UUID next = UUID.randomUUID();
		publishOrder(next);
		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		assertThat(fcm.deliveredTo(phone).get(0).data("notificationId")).isEqualTo(next.toString());
	}

	@Test
	void cutsABodyThatWouldPutThePushOverFcmsLimit() {
		String phone = registered();
		UUID id = UUID.randomUUID();
		// a body within its 2,000 characters, but 6,000 bytes in UTF-8: over FCM's 4 KiB
		String body = "가".repeat(2_000);
		publish(TOPIC, id, this.admin, """
				"type": "product.inquiry.received", "priority": "NORMAL", "title": "A long question",
				"body": "%s", "link": "/inquiries/%s"
				""".formatted(body, "9".repeat(1_000)));

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		String pushed = fcm.deliveredTo(phone).get(0).message().at("/notification/body").asString();
		assertThat(pushed).endsWith("\u2026").hasSizeLessThan(body.length());
		assertThat(body).startsWith(pushed.substring(0, pushed.length() - 1));
		assertThat(fcm.deliveredTo(phone).get(0).data("link")).isEqualTo("/inquiries/" + "9".repeat(1_000));
	}

	@Test
	void triesAgainWithGrowingWaitsWhenFcmFails() {
		String phone = registered();
		String other = registered();
		fcm.answer(phone, Answer.internal(), Answer.internal());
		publishOrder(UUID.randomUUID());

		// the other device is not held up by the retries
		await().atMost(WAIT).until(() -> fcm.deliveredTo(other).size() == 1);
		assertThat(fcm.deliveredTo(phone)).isEmpty();
		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		List<FakeFcm.Request> requests = fcm.requestsFor(phone);
		assertThat(requests).extracting(FakeFcm.Request::status).containsExactly(500, 500, 200);
		// 400 ms, then 800 ms, each at least half of it for sure (the other half is
		// jitter)
		assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(Duration.between(requests.get(1).at(), requests.get(2).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(this.meters.counter("notify.mobile.failed", "code", "INTERNAL").count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void letsFirebaseAdminRetryAnUnavailableFcmWithBackoff() {
		String phone = registered();
		fcm.answer(phone, Answer.unavailable());
		publishOrder(UUID.randomUUID());

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		List<FakeFcm.Request> requests = fcm.requestsFor(phone);
		assertThat(requests).extracting(FakeFcm.Request::status).containsExactly(503, 200);
		assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void waitsAsLongAsFcmsRetryAfterSays() {
		String phone = registered();
		fcm.answer(phone, Answer.quotaExceeded(Duration.ofSeconds(2)));
		publishOrder(UUID.randomUUID());

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		List<FakeFcm.Request> requests = fcm.requestsFor(phone);
		assertThat(requests).extracting(FakeFcm.Request::status).containsExactly(429, 200);
		assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void givesUpAfterTheLastAttemptAndDeadLetters() {
		String phone = registered();
		fcm.answerAlways(phone, Answer.internal());
		UUID id = UUID.randomUUID();
		publishOrder(id);

		ConsumerRecord<String, String> dead = deadLetter(TOPIC, id);
		assertThat(KafkaTestClient.header(dead, "x-exception-message"))
			.startsWith("FCM did not take the message in 3 attempts; the last answer was INTERNAL");
		assertThat(fcm.requestsFor(phone)).hasSize(3);
		assertThat(devices()).containsExactly(phone);
		assertThat(this.jdbc.sql("SELECT state FROM push WHERE notification_id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("FAILED");
	}

	@Test
	void pushesARedeliveredNotificationOnce() {
		String phone = registered();
		UUID id = UUID.randomUUID();
		publishOrder(id);
		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);

		publishOrder(id);
		UUID after = UUID.randomUUID();
		publishOrder(after);

		// the same recipient, the same partition: once the one after is pushed, the
		// redelivery was read
		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 2);
		assertThat(fcm.deliveredTo(phone)).extracting((push) -> push.data("notificationId"))
			.containsExactly(id.toString(), after.toString());
	}

	@Test
	void deadLettersWhatItCannotReadAndGoesOn() {
		String phone = registered();
		KafkaTestClient.shared()
			.send(TOPIC, this.admin, "{\"recipientId\": \"" + this.admin + "\", \"title\": ",
					KafkaTestClient.cloudEvent(unique(), TOPIC, "/notification-router"));
		UUID next = UUID.randomUUID();
		publishOrder(next);

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		List<ConsumerRecord<String, String>> dead = KafkaTestClient.shared()
			.read(TOPIC + ".dlq", (record) -> this.admin.equals(record.key()), 1, WAIT);
		assertThat(KafkaTestClient.header(dead.get(0), "x-exception-message")).contains("not valid JSON");
	}

	@Test
	void dropsANotificationThatExpiredBeforeItCouldBePushed() {
		String phone = registered();
		publish(TOPIC, UUID.randomUUID(), this.admin, """
				"type": "order.placed", "priority": "NORMAL", "title": "Too late", "expiresAt": "2020-01-01T00:00:00Z"
				""");
		UUID next = UUID.randomUUID();
		publishOrder(next);

		await().atMost(WAIT).until(() -> fcm.deliveredTo(phone).size() == 1);
		assertThat(fcm.requestsFor(phone)).singleElement()
			.extracting((push) -> push.data("notificationId"))
			.isEqualTo(next.toString());
	}

	@Test
	void matchesTheAsyncApiDocumentAndServesIt() {
		AsyncApiDocument document = AsyncApiDocument.load();
		document.assertBindingsMatch(this.environment);
		document.assertServedBy(this.port);
	}

	private String registered() {
		String token = token("device");
		register(this.admin, token);
		return token;
	}

	private List<String> devices() {
		return this.jdbc.sql("SELECT token FROM device WHERE admin_id = ?")
			.param(this.admin)
			.query(String.class)
			.list();
	}

	private void publishOrder(UUID id) {
		publish(TOPIC, id, this.admin,
				"""
						"type": "order.placed", "priority": "NORMAL", "title": "New order", "body": "1 item", "link": "/orders/1"
						""");
	}

	private static void publish(String topic, UUID id, String recipient, String fields) {
		KafkaTestClient.shared()
			.send(topic, recipient, """
					{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "channels": ["WEB", "MOBILE"],
					 "source": "/test", "createdAt": "%s", %s}
					""".formatted(id, id, recipient, Instant.now(), fields),
					KafkaTestClient.cloudEvent(id.toString(), topic, "/notification-router"));
	}

	private static ConsumerRecord<String, String> deadLetter(String topic, UUID id) {
		List<ConsumerRecord<String, String>> dead = KafkaTestClient.shared()
			.read(topic + ".dlq", (record) -> record.value().contains(id.toString()), 1, WAIT);
		assertThat(dead).as("a dead letter of " + id).hasSize(1);
		return dead.get(0);
	}

	private static double ttlSeconds(FakeFcm.Request push) {
		String ttl = push.message().at("/android/ttl").asString();
		return Double.parseDouble(ttl.substring(0, ttl.length() - 1));
	}

	private double received(String channel) {
		return this.meters.get("notify.mobile.received").tag("channel", channel).counter().count();
	}

	private static String token(String kind) {
		return kind + ":" + UUID.randomUUID();
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
