package com.backoffice.notify.store.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class TimelineApiIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	private final String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Autowired
	TimelineRepository timeline;

	@Test
	void pagesNewestFirstWithoutSkippingOrRepeatingWhileNotificationsArrive() {
		List<UUID> stored = store(this.admin, 25);

		Answer first = get(this.admin, "/api/timeline?limit=10");
		store(this.admin, 5);
		Answer second = get(this.admin, "/api/timeline?limit=10&before=" + first.body().get("next").asString());
		Answer third = get(this.admin, "/api/timeline?limit=10&before=" + second.body().get("next").asString());

		List<String> paged = new ArrayList<>();
		for (Answer page : List.of(first, second, third)) {
			page.body().get("items").forEach((item) -> paged.add(item.get("id").asString()));
		}
		List<String> newestFirst = new ArrayList<>(stored.stream().map(UUID::toString).toList());
		Collections.reverse(newestFirst);
		assertThat(paged).containsExactlyElementsOf(newestFirst);
		assertThat(third.body().get("next").isNull()).isTrue();
		assertThat(get(this.admin, "/api/timeline?limit=5").body().get("items")).hasSize(5)
			.noneMatch((item) -> stored.contains(UUID.fromString(item.get("id").asString())));
	}

	@Test
	void filtersUnreadOnesAndTypesAndHidesExpiredOnes() {
		UUID read = store(this.admin, "order.placed", null);
		UUID claim = store(this.admin, "claim.raised", null);
		UUID expired = store(this.admin, "order.placed", Instant.now().minusSeconds(60));
		UUID later = store(this.admin, "order.placed", Instant.now().plusSeconds(3600));
		send(this.admin, HttpMethod.POST, "/api/timeline/" + read + "/read", null);

		assertThat(ids(get(this.admin, "/api/timeline"))).containsExactly(later, claim, read);
		assertThat(ids(get(this.admin, "/api/timeline?unread=true"))).containsExactly(later, claim);
		assertThat(ids(get(this.admin, "/api/timeline?type=claim.raised"))).containsExactly(claim);
		assertThat(unreadCount(this.admin)).as("the expired one is not counted").isEqualTo(2);
		assertThat(send(this.admin, HttpMethod.POST, "/api/timeline/" + expired + "/read", null).status())
			.isEqualTo(404);
	}

	@Test
	void readReadAllAndDeleteUpdateTheUnreadCountAndPublishTheChange() {
		List<UUID> shown = store(this.admin, 4);
		Answer page = get(this.admin, "/api/timeline");
		String newestShown = page.body().get("items").get(0).get("cursor").asString();
		UUID arrivedSince = store(this.admin, 1).get(0);
		assertThat(unreadCount(this.admin)).isEqualTo(5);

		Answer read = send(this.admin, HttpMethod.POST, "/api/timeline/" + shown.get(0) + "/read", null);
		Answer readAgain = send(this.admin, HttpMethod.POST, "/api/timeline/" + shown.get(0) + "/read", null);
		Answer deleted = send(this.admin, HttpMethod.DELETE, "/api/timeline/" + shown.get(1), null);
		Answer readAll = send(this.admin, HttpMethod.POST, "/api/timeline/read-all", Map.of("upTo", newestShown));

		assertThat(read.body().get("unreadCount").asLong()).isEqualTo(4);
		assertThat(readAgain.body().get("unreadCount").asLong()).isEqualTo(4);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(readAll.body().get("read").asInt()).isEqualTo(2);
		assertThat(readAll.body().get("unreadCount").asLong()).as("what arrived after the page stays unread")
			.isEqualTo(1);
		assertThat(unreadCount(this.admin)).isEqualTo(1);
		assertThat(ids(get(this.admin, "/api/timeline?unread=true"))).containsExactly(arrivedSince);
		assertThat(ids(get(this.admin, "/api/timeline"))).doesNotContain(shown.get(1));

		List<JsonNode> changes = this.kafka
			.read(ReadStates.STATE, (record) -> this.admin.equals(record.key()), 3, Duration.ofSeconds(30))
			.stream()
			.map((record) -> json.readTree(record.value()))
			.toList();
		assertThat(changes)
			.extracting((change) -> change.get("change").asString() + ":" + change.get("unreadCount").asLong() + ":"
					+ change.get("notificationIds").size())
			.as("one change each, in order; reading a read one again changes nothing")
			.containsExactly("READ:4:1", "DELETED:3:1", "READ_ALL:1:2");
	}

	@Test
	void neverLetsAnAdminSeeOrChangeAnotherAdminsNotifications() {
		String otherMall = "op-" + UUID.randomUUID().toString().substring(0, 8);
		String partner = "pt-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, UUID> notificationOf = new LinkedHashMap<>();
		for (String someone : List.of(this.admin, otherMall, partner)) {
			notificationOf.put(someone, store(someone, 1).get(0));
		}

		for (String asker : notificationOf.keySet()) {
			assertThat(ids(get(asker, "/api/timeline"))).as(asker + "'s timeline")
				.containsExactly(notificationOf.get(asker));
			for (String owner : notificationOf.keySet()) {
				if (!owner.equals(asker)) {
					UUID theirs = notificationOf.get(owner);
					assertThat(send(asker, HttpMethod.POST, "/api/timeline/" + theirs + "/read", null).status())
						.as(asker + " reading " + owner + "'s")
						.isEqualTo(404);
					assertThat(send(asker, HttpMethod.DELETE, "/api/timeline/" + theirs, null).status())
						.as(asker + " deleting " + owner + "'s")
						.isEqualTo(404);
				}
			}
		}
		notificationOf.keySet()
			.forEach((someone) -> assertThat(unreadCount(someone)).as(someone + "'s unread count").isEqualTo(1));

		String partnersCursor = get(partner, "/api/timeline").body().at("/items/0/cursor").asString();
		send(this.admin, HttpMethod.POST, "/api/timeline/read-all", Map.of("upTo", partnersCursor));
		send(this.admin, HttpMethod.PUT, "/api/preferences", Map.of("muted", List.of("order.placed")));
		assertThat(unreadCount(this.admin)).as("a read-all reads the asker's own notifications").isZero();
		for (String other : List.of(otherMall, partner)) {
			assertThat(unreadCount(other)).as("a read-all up to another's cursor leaves " + other + "'s alone")
				.isEqualTo(1);
			assertThat(get(other, "/api/preferences").body().get("muted")).as(other + "'s preferences").isEmpty();
		}
	}

	@Test
	void refusesMissingAndDefectiveTokensWithAProblem() {
		store(this.admin, 1);
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("expired", DevTokens.expired(this.admin));
		tokens.put("not yet valid", DevTokens.notYetValid(this.admin));
		tokens.put("another issuer", DevTokens.fromAnotherIssuer(this.admin));
		tokens.put("another key", DevTokens.signedByAnotherKey(this.admin));
		tokens.put("alg none", DevTokens.unsigned(this.admin));
		tokens.put("tampered sub", DevTokens.tampered("someone-else", this.admin));
		tokens.put("garbage", "not-a-jwt");

		Answer none = answer(client().get().uri("/api/timeline"));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.body().get("detail").asString()).contains("needs a bearer token");
		tokens.forEach((defect, token) -> {
			Answer refused = answer(client().get().uri("/api/timeline").header("Authorization", "Bearer " + token));
			assertThat(refused.status()).as(defect).isEqualTo(401);
			assertThat(refused.contentType()).as(defect).isEqualTo("application/problem+json");
			assertThat(refused.body().get("detail").asString()).as(defect).isNotBlank();
		});
	}

	@Test
	void answersBadRequestsWithAProblemSayingWhatIsWrong() {
		Map<String, Answer> answers = new LinkedHashMap<>();
		answers.put("'limit' must be between 1 and 100, not 0", get(this.admin, "/api/timeline?limit=0"));
		answers.put("'limit' must be between 1 and 100, not 101", get(this.admin, "/api/timeline?limit=101"));
		answers.put("'before' is not a cursor from this API", get(this.admin, "/api/timeline?before=abc"));
		answers.put("'upTo' is required", send(this.admin, HttpMethod.POST, "/api/timeline/read-all", Map.of()));
		answers.put("'upTo' is not a cursor from this API",
				send(this.admin, HttpMethod.POST, "/api/timeline/read-all", Map.of("upTo", "djE6LTE")));
		answers.put("id", send(this.admin, HttpMethod.POST, "/api/timeline/not-a-uuid/read", null));
		answers.put("'type' is not a notification type", get(this.admin, "/api/timeline?type=%00"));

		answers.forEach((detail, answer) -> {
			assertThat(answer.status()).as(detail).isEqualTo(400);
			assertThat(answer.contentType()).as(detail).isEqualTo("application/problem+json");
			assertThat(answer.body().get("detail").asString()).as(detail).contains(detail);
		});
	}

	@Test
	void answersAnOversizedBodyAndAMalformedPathWithAProblem() {
		Answer oversized = send(this.admin, HttpMethod.POST, "/api/timeline/read-all",
				Map.of("upTo", "x".repeat(70_000)));
		Answer malformed = get(this.admin, "/api/timeline;jsessionid=1");

		assertThat(oversized.status()).isEqualTo(413);
		assertThat(oversized.contentType()).isEqualTo("application/problem+json");
		assertThat(oversized.body().get("detail").asString()).isEqualTo("The request body is larger than 65536 bytes");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).isEqualTo("application/problem+json");
		assertThat(malformed.body().get("detail").asString()).startsWith("The request path or a header is malformed");
	}

	@Test
	void storesADigestWithItsItems() {
		UUID id = UUID.randomUUID();
		this.kafka.send("notification.dispatched.v1", this.admin, """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "3 new orders", "channels": ["WEB"], "groupKey": "orders:m-1",
				 "source": "/orders", "createdAt": "2026-11-22T10:15:30Z",
				 "digest": {"count": 3, "since": "2026-11-22T10:14:30Z",
				            "items": [{"eventId": "e-3", "title": "Order #3", "createdAt": "2026-11-22T10:15:00Z"}]}}
				""".formatted(id, id, this.admin),
				KafkaTestClient.cloudEvent(id.toString(), "notification.dispatched.v1", "/notification-router"));

		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countById(id) == 1);
		JsonNode item = get(this.admin, "/api/timeline").body().get("items").get(0);
		assertThat(item.at("/digest/count").asInt()).isEqualTo(3);
		assertThat(item.at("/digest/items/0/title").asString()).isEqualTo("Order #3");
	}

	private List<UUID> store(String recipient, int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(store(recipient, "order.placed", null));
		}
		return ids;
	}

	private UUID store(String recipient, String type, Instant expiresAt) {
		UUID id = UUID.randomUUID();
		this.timeline.insertAllIfAbsent(
				List.of(new NotificationDispatched(id, "e-" + id, recipient, type, "NORMAL", "Title " + id, null,
						"/orders", null, List.of("WEB"), null, "/orders", Instant.now(), expiresAt, null)));
		return id;
	}

	private long unreadCount(String admin) {
		return get(admin, "/api/timeline/unread-count").body().get("unreadCount").asLong();
	}

	private static List<UUID> ids(Answer page) {
		List<UUID> ids = new ArrayList<>();
		page.body().get("items").forEach((item) -> ids.add(UUID.fromString(item.get("id").asString())));
		return ids;
	}

	private Answer get(String admin, String path) {
		return answer(client().get().uri(path).header("Authorization", "Bearer " + DevTokens.forAdmin(admin)));
	}

	private Answer send(String admin, HttpMethod method, String path, Object body) {
		RestClient.RequestBodySpec request = client().method(method)
			.uri(path)
			.header("Authorization", "Bearer " + DevTokens.forAdmin(admin));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return answer(request);
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	private static Answer answer(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> {
			String text = new String(response.getBody().readAllBytes());
			MediaType type = response.getHeaders().getContentType();
			return new Answer(response.getStatusCode().value(),
					(type != null) ? type.getType() + "/" + type.getSubtype() : null,
					text.isEmpty() ? json.nullNode() : json.readTree(text));
		});
	}

	/**
	 * An HTTP answer.
	 */
	record Answer(int status, String contentType, JsonNode body) {

	}

}
