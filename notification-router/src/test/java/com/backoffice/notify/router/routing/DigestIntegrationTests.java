package com.backoffice.notify.router.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.router.directory.AdminDirectory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Digest: {@value RoutingContractBase#DIGESTED} is digested in windows of 3 seconds,
 * listing the latest 2 items; nothing else is.
 */
class DigestIntegrationTests extends RoutingContractBase {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	private final String t = "g" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	AdminDirectory directory;

	@Test
	void collectsAGroupArrivingWithinTheWindowIntoOneNotificationWithTheCountAndTheLatestItems() {
		Directory.operator(this.t + "-a", List.of(this.t + "-m"), List.of());
		Directory.operator(this.t + "-b", List.of(this.t + "-m"), List.of());
		awaitKnown("-a", "-b");
		String group = this.t + "-inquiries";

		Instant first = Instant.now();
		List<String> eventIds = List.of(1, 2, 3, 4)
			.stream()
			.map((n) -> request(DIGESTED, "NORMAL", group, "Inquiry #" + n))
			.toList();

		List<JsonNode> digests = bulkOfGroup(group, 2);
		assertThat(digests).extracting((digest) -> digest.get("recipientId").asString())
			.containsExactlyInAnyOrder(this.t + "-a", this.t + "-b");
		JsonNode digest = digests.get(0);
		assertThat(digest.get("title").asString()).isEqualTo("4 new product inquiries");
		assertThat(digest.get("body").asString()).isEqualTo("Inquiry #4\nInquiry #3");
		assertThat(digest.at("/digest/count").asInt()).isEqualTo(4);
		assertThat(digest.at("/digest/items")).extracting((item) -> item.get("eventId").asString())
			.containsExactly(eventIds.get(3), eventIds.get(2));
		assertThat(digest.get("eventId").asString()).isEqualTo(eventIds.get(3));
		assertThat(Instant.parse(digest.get("createdAt").asString())).as("sent once the window closed")
			.isAfterOrEqualTo(first.plusSeconds(3));
		assertThat(digests).extracting((one) -> one.get("notificationId").asString())
			.doesNotHaveDuplicates()
			.doesNotContainAnyElementsOf(eventIds.stream()
				.flatMap((eventId) -> List.of(this.t + "-a", this.t + "-b")
					.stream()
					.map((admin) -> NotificationDispatched.idFor(eventId, admin).toString()))
				.toList());
	}

	@Test
	void sendsANotificationThatNothingJoinedAsItIs() {
		Directory.operator(this.t + "-alone", List.of(), List.of());
		awaitKnown("-alone");

		String eventId = publish(DIGESTED, "LOW", this.t + "-one", "Inquiry #1", "\"adminIds\": [\"%1$s-alone\"]");

		JsonNode notification = bulkOfGroup(this.t + "-one", 1).get(0);
		assertThat(notification.get("notificationId").asString())
			.isEqualTo(NotificationDispatched.idFor(eventId, this.t + "-alone").toString());
		assertThat(notification.get("title").asString()).isEqualTo("Inquiry #1");
		assertThat(notification.has("digest")).isFalse();
	}

	@Test
	void keepsEachGroupInADigestOfItsOwn() {
		Directory.operator(this.t + "-c", List.of(this.t + "-m"), List.of());
		awaitKnown("-c");

		request(DIGESTED, "NORMAL", this.t + "-product-1", "About product 1");
		request(DIGESTED, "NORMAL", this.t + "-product-2", "About product 2");
		request(DIGESTED, "NORMAL", this.t + "-product-1", "About product 1 again");

		assertThat(bulkOfGroup(this.t + "-product-1", 1).get(0).at("/digest/count").asInt()).isEqualTo(2);
		assertThat(bulkOfGroup(this.t + "-product-2", 1).get(0).has("digest")).isFalse();
	}

	@Test
	void neverHoldsBackTheUrgentLane() {
		Directory.operator(this.t + "-u", List.of(this.t + "-m"), List.of());
		awaitKnown("-u");
		String group = this.t + "-urgent";

		String urgent = request(DIGESTED, "URGENT", group, "Inquiry flagged by legal");
		String high = request(DIGESTED, "HIGH", group, "Inquiry from a key account");

		List<ConsumerRecord<String, String>> sent = this.kafka.read(Routing.DISPATCHED_URGENT,
				(record) -> record.value().contains("\"groupKey\":\"" + group + "\""), 2, WAIT);
		assertThat(sent).extracting((record) -> read(record).get("eventId").asString())
			.containsExactlyInAnyOrder(urgent, high);
		assertThat(sent).allSatisfy((record) -> assertThat(read(record).has("digest")).isFalse());
	}

	@Test
	void countsANotificationRoutedTwiceOnce() {
		Directory.operator(this.t + "-twice", List.of(), List.of());
		awaitKnown("-twice");
		String group = this.t + "-redelivered";
		String eventId = publish(DIGESTED, "NORMAL", group, "Inquiry #1", "\"adminIds\": [\"%1$s-twice\"]");
		ConsumerRecord<String, String> pending = this.kafka
			.read("notification.digest.v1", (record) -> record.value().contains(eventId), 1, WAIT)
			.get(0);

		// as a replacement router sends it again after a crash before its offset commit
		this.kafka.send("notification.digest.v1", pending.key(), pending.value(), KafkaTestClient
			.cloudEvent(KafkaTestClient.header(pending, "ce_id"), Routing.DISPATCHED, "/notification-router"));
		publish(DIGESTED, "NORMAL", group, "Inquiry #2", "\"adminIds\": [\"%1$s-twice\"]");

		assertThat(bulkOfGroup(group, 1).get(0).at("/digest/count").asInt()).isEqualTo(2);
	}

	@Test
	void deadLettersAPendingNotificationItCannotReadAndKeepsCollecting() {
		Directory.operator(this.t + "-d", List.of(), List.of());
		awaitKnown("-d");
		String broken = "{\"recipientId\": \"" + this.t + "-d\", \"type\": \"" + DIGESTED + "\"}";
		this.kafka.send("notification.digest.v1", this.t + "-d", broken,
				KafkaTestClient.cloudEvent(this.t + "-broken", Routing.DISPATCHED, "/notification-router"));

		publish(DIGESTED, "NORMAL", this.t + "-after", "Inquiry #1", "\"adminIds\": [\"%1$s-d\"]");

		assertThat(bulkOfGroup(this.t + "-after", 1)).hasSize(1);
		ConsumerRecord<String, String> dead = this.kafka
			.read("notification.digest.v1.dlq", (record) -> record.value().equals(broken), 1, WAIT)
			.get(0);
		assertThat(KafkaTestClient.header(dead, "x-exception-message"))
			.isEqualTo("pending notification has no notificationId");
	}

	private void awaitKnown(String... suffixes) {
		await().atMost(WAIT).until(() -> List.of(suffixes).stream().allMatch((s) -> this.directory.knows(this.t + s)));
	}

	private String request(String type, String priority, String group, String title) {
		return publish(type, priority, group, title, "\"mallIds\": [\"%1$s-m\"]");
	}

	private String publish(String type, String priority, String group, String title, String audience) {
		String eventId = UUID.randomUUID().toString();
		// keyed by group, as a domain team keeps a group's requests in order
		this.kafka.send(Routing.REQUESTED, group, """
				{"type": "%s", "priority": "%s", "audience": {%s}, "title": "%s", "link": "/inquiries/%s",
				 "groupKey": "%s"}
				""".formatted(type, priority, audience.formatted(this.t), title, eventId, group),
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/product-inquiries"));
		return eventId;
	}

	/**
	 * Waits for the expected notifications of a group on the bulk lane, then a moment
	 * longer for any unexpected extra one.
	 */
	private List<JsonNode> bulkOfGroup(String group, int count) {
		Predicate<ConsumerRecord<String, String>> ofGroup = (record) -> record.value()
			.contains("\"groupKey\":\"" + group + "\"");
		List<ConsumerRecord<String, String>> found = this.kafka.read(Routing.DISPATCHED, ofGroup, count, WAIT);
		assertThat(found).as("notifications of " + group).hasSize(count);
		assertThat(this.kafka.read(Routing.DISPATCHED, ofGroup, count + 1, Duration.ofSeconds(2)))
			.as("notifications of " + group + ", a moment later")
			.hasSize(count);
		return found.stream().map(DigestIntegrationTests::read).toList();
	}

	private static JsonNode read(ConsumerRecord<String, String> record) {
		return json.readTree(record.value());
	}

}
