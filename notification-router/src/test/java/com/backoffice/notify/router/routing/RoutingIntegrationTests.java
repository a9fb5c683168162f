package com.backoffice.notify.router.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.AsyncApiDocument;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.router.directory.AdminDirectory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RoutingIntegrationTests extends RoutingContractBase {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	/** Unique per test, so that tests' admins, malls and partners never meet. */
	private final String t = "t" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	AdminDirectory directory;

	@Autowired
	Environment environment;

	@LocalServerPort
	int port;

	@Test
	void resolvesEveryAudienceKindAndTheirUnionOnceEach() {
		Directory.operator(this.t + "-a1", List.of(this.t + "-m"), List.of());
		Directory.operator(this.t + "-a2", List.of(this.t + "-m", this.t + "-n"), List.of());
		Directory.partner(this.t + "-p1", this.t + "-p", List.of());
		Directory.operator(this.t + "-x", List.of(), List.of());
		awaitKnown("-a1", "-a2", "-p1", "-x");

		String eventId = request("NORMAL",
				audience("\"adminIds\": [\"%1$s-x\"], \"mallIds\": [\"%1$s-m\", \"%1$s-n\"], "
						+ "\"partnerIds\": [\"%1$s-p\"]"));

		assertThat(recipientsOf(eventId, 4)).containsExactlyInAnyOrder(this.t + "-x", this.t + "-a1", this.t + "-a2",
				this.t + "-p1");
	}

	@Test
	void reachesEveryActiveAdminWithTheRoleWhenAddressedToAll() {
		String role = this.t + "-reviewer";
		Directory.operator(this.t + "-r1", List.of(this.t + "-m"), List.of(role));
		Directory.partner(this.t + "-r2", this.t + "-p", List.of("claims", role));
		Directory.operator(this.t + "-r3", List.of(this.t + "-m"), List.of("claims"));
		Directory.admin(Directory.ADMINS, this.t + "-r4", "OPERATOR", List.of(this.t + "-m"), null, List.of(role),
				false);
		awaitKnown("-r1", "-r2", "-r3", "-r4");

		String eventId = request("NORMAL", audience("\"all\": true, \"roles\": [\"%1$s-reviewer\"]"));

		assertThat(recipientsOf(eventId, 2)).containsExactlyInAnyOrder(this.t + "-r1", this.t + "-r2");
	}

	@Test
	void skipsInactiveAndRemovedAdmins() {
		Directory.operator(this.t + "-active", List.of(this.t + "-m"), List.of());
		Directory.admin(Directory.ADMINS, this.t + "-inactive", "OPERATOR", List.of(this.t + "-m"), null, List.of(),
				false);
		Directory.operator(this.t + "-removed", List.of(this.t + "-m"), List.of());
		awaitKnown("-active", "-inactive", "-removed");
		Directory.remove(this.t + "-removed");
		await().atMost(WAIT).until(() -> !this.directory.knows(this.t + "-removed"));

		String eventId = request("NORMAL",
				audience("\"mallIds\": [\"%1$s-m\"], \"adminIds\": [\"%1$s-inactive\", \"%1$s-removed\"]"));

		assertThat(recipientsOf(eventId, 1)).containsExactly(this.t + "-active");
	}

	@Test
	void neverReachesAPartnerAdminThroughAnotherPartnerOrAMall() {
		Directory.partner(this.t + "-p1", this.t + "-partner-1", List.of());
		Directory.partner(this.t + "-p2", this.t + "-partner-2", List.of());
		Directory.operator(this.t + "-op", List.of(this.t + "-mall"), List.of());
		awaitKnown("-p1", "-p2", "-op");

		String toPartner2 = request("HIGH", audience("\"partnerIds\": [\"%1$s-partner-2\"]"));
		String toMall = request("HIGH", audience("\"mallIds\": [\"%1$s-mall\"]"));

		assertThat(recipientsOf(toPartner2, 1)).containsExactly(this.t + "-p2");
		assertThat(recipientsOf(toMall, 1)).containsExactly(this.t + "-op");
	}

	@Test
	void dropsMutedTypesButNeverAnUrgentOne() {
		Directory.operator(this.t + "-muter", List.of(this.t + "-m"), List.of());
		Directory.operator(this.t + "-other", List.of(this.t + "-m"), List.of());
		Directory.preferences(this.t + "-muter", List.of("order.placed"), Map.of());
		awaitKnown("-muter", "-other");
		await().atMost(WAIT).until(() -> this.directory.hasMuted(this.t + "-muter", "order.placed"));

		String normal = request("NORMAL", audience("\"mallIds\": [\"%1$s-m\"]"));
		String urgent = request("URGENT", audience("\"mallIds\": [\"%1$s-m\"]"));

		assertThat(recipientsOf(normal, 1)).containsExactly(this.t + "-other");
		assertThat(recipientsOf(urgent, 2)).containsExactlyInAnyOrder(this.t + "-muter", this.t + "-other");
	}

	@Test
	void choosesChannelsFromTheRequestThePriorityAndThePreferences() {
		Directory.operator(this.t + "-web-only", List.of(), List.of());
		Directory.operator(this.t + "-default", List.of(), List.of());
		Directory.preferences(this.t + "-web-only", List.of(), Map.of("order.placed", List.of("WEB")));
		awaitKnown("-web-only", "-default");
		await().atMost(WAIT).until(() -> this.directory.channelsWanted(this.t + "-web-only", "order.placed") != null);
		String both = audience("\"adminIds\": [\"%1$s-web-only\", \"%1$s-default\"]");

		Map<String, String> low = channelsOf(request("LOW", both), 2);
		Map<String, String> normal = channelsOf(request("NORMAL", both), 2);
		Map<String, String> urgent = channelsOf(request("URGENT", both), 2);

		assertThat(low).containsEntry(this.t + "-default", "[\"WEB\"]")
			.containsEntry(this.t + "-web-only", "[\"WEB\"]");
		assertThat(normal).containsEntry(this.t + "-default", "[\"WEB\",\"MOBILE\"]")
			.containsEntry(this.t + "-web-only", "[\"WEB\"]");
		assertThat(urgent).containsEntry(this.t + "-web-only", "[\"WEB\",\"MOBILE\"]");
	}

	/**
	 * The contracts' other request examples (the generated tests publish
	 * {@code order_placed} and {@code excel_export_completed}), as their stubs publish
	 * them.
	 */
	@Test
	void routesTheContractsRequestExamples() {
		this.stubs.trigger("fraud_detected");
		this.stubs.trigger("claim_raised");

		assertThat(dispatchedFor("c3d9a7e1-2b4f-4a6c-8e1d-2093f5b7a9c0", 1)).singleElement()
			.satisfies((record) -> assertThat(record.key()).isEqualTo("pl-1"))
			.satisfies((record) -> assertThat(record.topic()).isEqualTo(Routing.DISPATCHED_URGENT));
		assertThat(dispatchedFor("4e7a1c9b-3f2d-4b8e-9a6c-551d0e2f4b7a", 1)).singleElement()
			.satisfies((record) -> assertThat(record.key()).isEqualTo("pt-p1"))
			.satisfies((record) -> assertThat(record.topic()).isEqualTo(Routing.DISPATCHED_URGENT));
	}

	@Test
	void sendsUrgentAndHighOnTheUrgentLaneAndTheRestOnTheBulkLane() {
		Directory.operator(this.t + "-lane", List.of(), List.of());
		awaitKnown("-lane");
		String to = audience("\"adminIds\": [\"%1$s-lane\"]");

		Map<String, String> lanes = new LinkedHashMap<>();
		for (String priority : List.of("LOW", "NORMAL", "HIGH", "URGENT")) {
			lanes.put(priority, dispatchedFor(request(priority, to), 1).get(0).topic());
		}

		assertThat(lanes).containsEntry("LOW", Routing.DISPATCHED)
			.containsEntry("NORMAL", Routing.DISPATCHED)
			.containsEntry("HIGH", Routing.DISPATCHED_URGENT)
			.containsEntry("URGENT", Routing.DISPATCHED_URGENT);
	}

	@Test
	void dispatchesALargeBulkAudienceThroughFanoutChunks() {
		List<String> admins = List.of("-c1", "-c2", "-c3", "-c4", "-c5", "-c6", "-c7");
		admins.forEach((suffix) -> Directory.operator(this.t + suffix, List.of(this.t + "-crowd"), List.of()));
		awaitKnown(admins.toArray(String[]::new));

		String eventId = request("NORMAL", audience("\"mallIds\": [\"%1$s-crowd\"]"));

		assertThat(recipientsOf(eventId, 7))
			.containsExactlyInAnyOrderElementsOf(admins.stream().map((suffix) -> this.t + suffix).toList());
		assertThat(this.kafka.read(Routing.FANOUT, (record) -> record.key().startsWith(eventId + "/"), 4,
				Duration.ofSeconds(3)))
			.extracting(ConsumerRecord::key)
			.containsExactlyInAnyOrder(eventId + "/0", eventId + "/1", eventId + "/2");
	}

	@Test
	void dispatchesKeyedByRecipientWithCloudEventsHeaders() {
		Directory.operator(this.t + "-k", List.of(), List.of());
		awaitKnown("-k");

		String eventId = request("NORMAL", audience("\"adminIds\": [\"%1$s-k\"]"));

		ConsumerRecord<String, String> record = dispatchedFor(eventId, 1).get(0);
		String notificationId = NotificationDispatched.idFor(eventId, this.t + "-k").toString();
		assertThat(record.key()).isEqualTo(this.t + "-k");
		assertThat(record.value()).contains("\"notificationId\":\"" + notificationId + "\"")
			.contains("\"source\":\"/orders\"");
		assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(notificationId);
		assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(Routing.DISPATCHED);
		assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/notification-router");
		assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
	}

	@Test
	void dropsARetryOfARequestItRoutedLately() {
		Directory.operator(this.t + "-r", List.of(), List.of());
		awaitKnown("-r");
		String eventId = UUID.randomUUID().toString();
		publish(eventId, requestJson("NORMAL", audience("\"adminIds\": [\"%1$s-r\"]")));
		assertThat(dispatchedFor(eventId, 1)).hasSize(1);

		publish(eventId, requestJson("NORMAL", audience("\"adminIds\": [\"%1$s-r\"]")));
		String after = UUID.randomUUID().toString();
		// same key, same partition: once this one is routed, the retry before it was
		// handled
		this.kafka.send(Routing.REQUESTED, eventId, requestJson("NORMAL", audience("\"adminIds\": [\"%1$s-r\"]")),
				KafkaTestClient.cloudEvent(after, Routing.REQUESTED, "/orders"));

		assertThat(dispatchedFor(after, 1)).hasSize(1);
		assertThat(dispatchedFor(eventId, 1)).extracting((record) -> KafkaTestClient.header(record, "ce_id"))
			.containsExactly(NotificationDispatched.idFor(eventId, this.t + "-r").toString());
	}

	@Test
	void routesRequestsFromAPlainConsoleProducerThatSendsNoContentType() {
		Directory.operator(this.t + "-c", List.of(), List.of());
		awaitKnown("-c");
		String eventId = "console-" + UUID.randomUUID();
		Map<String, String> headers = new LinkedHashMap<>(
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/excel-export"));
		headers.remove("content-type");
		this.kafka.send(Routing.REQUESTED, null, requestJson("NORMAL", audience("\"adminIds\": [\"%1$s-c\"]")),
				headers);

		assertThat(recipientsOf(eventId, 1)).containsExactly(this.t + "-c");
	}

	@Test
	void deadLettersEveryKindOfBadRequestWithAPreciseReasonAndKeepsRouting() {
		Directory.operator(this.t + "-ok", List.of(), List.of());
		awaitKnown("-ok");
		String to = audience("\"adminIds\": [\"%1$s-ok\"]");
		String good = "\"type\": \"order.placed\", \"title\": \"t\", \"audience\": " + to;
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("{\"type\": \"order.placed\", \"title\": ", "payload is not valid JSON");
		cases.put("{" + good + ", \"priority\": \"SOMEDAY\"}",
				"/priority: does not have a value in the enumeration [\"LOW\", \"NORMAL\", \"HIGH\", \"URGENT\"]");
		cases.put(
				"{\"type\": \"order.placed\", \"priority\": \"LOW\", \"title\": \"t\", \"audience\": {\"adminIds\": []}}",
				"/audience/adminIds: must have at least 1 items but found 0");
		cases.put("{" + good.replace("\"title\": \"t\"", "\"title\": \"" + "x".repeat(201) + "\"")
				+ ", \"priority\": \"LOW\"}", "/title: must be at most 200 characters long");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"data\": {\"blob\": \"" + "x".repeat(999) + "\", \"more\": \""
				+ "y".repeat(999) + "\", \"and\": \"" + "z".repeat(999) + "\", \"again\": \"" + "w".repeat(999)
				+ "\", \"last\": \"" + "v".repeat(999) + "\"}}", "more than the 4096 allowed");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"link\": \"javascript:alert(1)\"}",
				"link 'javascript:alert(1)' is not allowed");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
				"expiresAt 2020-01-01T00:00:00Z has passed");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"colour\": \"red\"}",
				"property 'colour' is not defined in the schema");
		cases.put("{" + good.replace("\"title\": \"t\"", "\"title\": \"<img src=x onerror=alert(1)>\"")
				+ ", \"priority\": \"LOW\"}", "title contains HTML markup ('<i' at index 0)");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"body\": \"line\\r\\ndata: forged\"}",
				"body contains a control character (U+000D)");
		cases.put("{" + good.replace("order.placed", "order.placed\\n") + ", \"priority\": \"LOW\"}",
				"type does not match");
		cases.put("{" + good + ", \"priority\": \"LOW\", \"link\": \"/\\\\evil.example\"}",
				"link contains a backslash, whitespace or a control character (U+005C)");
		Map<String, String> eventIds = new LinkedHashMap<>();
		cases.forEach((payload, reason) -> eventIds.put(publish(UUID.randomUUID().toString(), payload), reason));
		String longId = "x".repeat(201);
		eventIds.put(publish(longId, "{" + good + ", \"priority\": \"LOW\"}"),
				"header ce_id is 201 characters long, more than the 200 allowed");
		String wrongType = UUID.randomUUID().toString();
		this.kafka.send(Routing.REQUESTED, null, "{" + good + ", \"priority\": \"LOW\"}",
				KafkaTestClient.cloudEvent(wrongType, "order.placed", "/orders"));
		eventIds.put(wrongType, "header ce_type is 'order.placed', expected 'notification.requested.v1'");
		String after = request("NORMAL", to);

		assertThat(recipientsOf(after, 1)).containsExactly(this.t + "-ok");
		eventIds
			.forEach((eventId, reason) -> assertThat(KafkaTestClient.header(deadLetter(eventId), "x-exception-message"))
				.as(reason)
				.contains(reason));
	}

	@Test
	void deadLettersRequestsWithoutCloudEventsHeaders() {
		String marker = UUID.randomUUID().toString();
		this.kafka.send(Routing.REQUESTED, null, requestJson("NORMAL", "{\"adminIds\": [\"" + marker + "\"]}"),
				Map.of());

		ConsumerRecord<String, String> dead = this.kafka
			.read(Routing.REQUESTED + ".dlq", (record) -> record.value().contains(marker), 1, WAIT)
			.get(0);
		assertThat(KafkaTestClient.header(dead, "x-exception-message")).contains("header ce_id is missing");
	}

	@Test
	void exposesItsMetricsAndTheConsumersLagToPrometheus() throws Exception {
		Directory.operator(this.t + "-metrics", List.of(), List.of());
		awaitKnown("-metrics");
		assertThat(dispatchedFor(request("NORMAL", audience("\"adminIds\": [\"%1$s-metrics\"]")), 1)).hasSize(1);

		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("notify_router_requests_total{outcome=\"routed\"")
			.contains("notify_router_dispatched_total")
			.contains("notify_router_dropped_total{reason=\"muted\"")
			.contains("notify_router_audience_count")
			.contains("notify_router_directory_admins")
			.contains("notify_router_digest_closed_total{outcome=\"digest\"");
		assertThat(scrape.body()
			.lines()
			.filter((line) -> line.startsWith("spring_cloud_stream_binder_kafka_offset{")
					&& line.contains("topic=\"notification.requested.v1\"")))
			.as("the lag of the requests' consumer group")
			.singleElement()
			.satisfies((line) -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.isGreaterThanOrEqualTo(0));
	}

	@Test
	void matchesTheAsyncApiDocumentAndServesIt() {
		AsyncApiDocument document = AsyncApiDocument.load();
		document.assertBindingsMatch(this.environment);
		document.assertServedBy(this.port);
	}

	private void awaitKnown(String... suffixes) {
		await().atMost(WAIT).until(() -> List.of(suffixes).stream().allMatch((s) -> this.directory.knows(this.t + s)));
	}

	private String audience(String selectors) {
		return "{" + selectors.formatted(this.t) + "}";
	}

	private String request(String priority, String audience) {
		return publish(UUID.randomUUID().toString(), requestJson(priority, audience));
	}

	private String publish(String eventId, String json) {
		this.kafka.send(Routing.REQUESTED, eventId, json,
				KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/orders"));
		return eventId;
	}

	private static String requestJson(String priority, String audience) {
		return """
				{"type": "order.placed", "priority": "%s", "audience": %s,
				 "title": "New order #1042", "body": "3 items, 59,000 KRW", "link": "/orders/1042",
				 "data": {"orderId": "1042"}}
				""".formatted(priority, audience);
	}

	private List<String> recipientsOf(String eventId, int count) {
		return dispatchedFor(eventId, count).stream().map(ConsumerRecord::key).toList();
	}

	private Map<String, String> channelsOf(String eventId, int count) {
		Map<String, String> channels = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> record : dispatchedFor(eventId, count)) {
			String value = record.value();
			int start = value.indexOf("\"channels\":") + "\"channels\":".length();
			channels.put(record.key(), value.substring(start, value.indexOf(']', start) + 1));
		}
		return channels;
	}

	/**
	 * Waits for the expected dispatches, then a moment longer for any unexpected extra
	 * one.
	 */
	private List<ConsumerRecord<String, String>> dispatchedFor(String eventId, int count) {
		List<String> lanes = List.of(Routing.DISPATCHED, Routing.DISPATCHED_URGENT);
		List<ConsumerRecord<String, String>> found = this.kafka.read(lanes,
				(record) -> record.value().contains("\"eventId\":\"" + eventId + "\""), count + 1,
				Duration.ofSeconds(3));
		if (found.size() < count) {
			found = this.kafka.read(lanes, (record) -> record.value().contains("\"eventId\":\"" + eventId + "\""),
					count, WAIT);
		}
		assertThat(found).as("dispatched for " + eventId).hasSize(count);
		return found;
	}

	private ConsumerRecord<String, String> deadLetter(String eventId) {
		List<ConsumerRecord<String, String>> found = this.kafka.read(Routing.REQUESTED + ".dlq",
				(record) -> eventId.equals(KafkaTestClient.header(record, "ce_id")), 1, WAIT);
		assertThat(found).as("dead letter of " + eventId).hasSize(1);
		return found.get(0);
	}

}
