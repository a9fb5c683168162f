package com.backoffice.notify.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.backoffice.notify.infrastructure.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenants apart: admins of two malls, two partners and the platform, each with a browser
 * open, a randomized run of thousands of notifications to every kind of audience, and
 * every API and the stream asked with every defect a token can have. Nothing reaches an
 * admin it is not addressed to, and no defective token is let in. The matrix goes to
 * {@code target/reliability/auth.md}.
 */
@ExtendWith(Pipeline.Shared.class)
class IsolationReliabilityTests {

	private static final String PREFIX = "iso";

	private static final List<Directory.Admin> admins = Directory.tenants(PREFIX, 4);

	private static Pipeline pipeline;

	private static final Map<String, Browser> browsers = new LinkedHashMap<>();

	@BeforeAll
	static void connect(Pipeline shared) throws Exception {
		pipeline = shared;
		pipeline.directory(admins);
		int i = 0;
		for (Directory.Admin admin : admins) {
			if (admin.active()) {
				browsers.put(admin.id(), new Browser(admin.id(), pipeline.gateways(), i++ % 2, Api.HTTP));
			}
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> browsers.values().stream().allMatch(Browser::isOpen));
	}

	@AfterAll
	static void close() throws Exception {
		for (Browser browser : browsers.values()) {
			browser.close();
		}
	}

	@Test
	void aRandomizedRunReachesExactlyTheAddressedAdmins() throws Exception {
		Random random = new Random(Long.getLong("seed", System.nanoTime()));
		List<String> malls = List.of(PREFIX + "-mall-a", PREFIX + "-mall-b");
		List<String> partners = List.of(PREFIX + "-partner-a", PREFIX + "-partner-b");
		List<String> ids = admins.stream().map(Directory.Admin::id).toList();
		Map<String, Set<String>> expected = new LinkedHashMap<>();
		String run = "iso-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 3_000; i++) {
			Directory.Audience audience = switch (random.nextInt(5)) {
				case 0 -> Directory.Audience.admins(ids.get(random.nextInt(ids.size())));
				case 1 -> Directory.Audience.mall(malls.get(random.nextInt(2)));
				case 2 -> new Directory.Audience(List.of(), List.of(), List.of(partners.get(random.nextInt(2))), false,
						List.of());
				case 3 -> new Directory.Audience(List.of(), List.of(malls.get(random.nextInt(2))),
						List.of(partners.get(random.nextInt(2))), false,
						List.of((random.nextBoolean()) ? "orders" : "claims"));
				default -> new Directory.Audience(List.of(ids.get(random.nextInt(ids.size()))),
						List.of(malls.get(random.nextInt(2))), List.of(), false, List.of("claims"));
			};
			String eventId = run + "-" + i;
			Set<String> recipients = Directory.recipients(audience, admins);
			if (recipients.isEmpty()) {
				continue;
			}
			expected.put(eventId, recipients);
			pipeline.request(eventId, """
					{"type": "order.placed", "priority": "%s", "audience": %s, "title": "Tenant check %s", \
					"channels": ["WEB"]}""".formatted((i % 10 == 0) ? "URGENT" : "NORMAL", audience.json(), eventId));
		}
		pipeline.flush();
		await("every addressed admin has every notification").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> Tally.count("isolation", pipeline, expected, browsers).lost() == 0);
		Tally tally = Tally
			.count("randomized run of " + expected.size() + " requests over 2 malls, 2 partners " + "and the platform",
					pipeline, expected, browsers)
			.report(pipeline);
		long crossTenant = browsers.values()
			.stream()
			.mapToLong((browser) -> browser.received.keySet()
				.stream()
				.filter((eventId) -> eventId.startsWith(run))
				.filter((eventId) -> !expected.get(eventId).contains(browser.admin()))
				.count())
			.sum();
		System.out.printf("[reliability] isolation: %,d requests, %,d notifications, %,d cross-tenant deliveries%n",
				expected.size(), tally.sent(), crossTenant);
		assertThat(crossTenant).as("cross-tenant deliveries").isZero();
		assertThat(tally.misdelivered()).isZero();
		assertThat(tally.lost()).isZero();
		assertThat(tally.duplicated()).isZero();
	}

	@Test
	void refusesEveryDefectiveTokenOnEveryApiAndLetsNoAdminReachAnother() throws Exception {
		String owner = PREFIX + "-op-a0";
		String other = PREFIX + "-op-b0";
		Map<String, Function<String, String>> defects = new LinkedHashMap<>();
		defects.put("none", (admin) -> null);
		defects.put("expired", DevTokens::expired);
		defects.put("not yet valid", DevTokens::notYetValid);
		defects.put("wrong issuer", DevTokens::fromAnotherIssuer);
		defects.put("wrong signature", DevTokens::signedByAnotherKey);
		defects.put("alg: none", DevTokens::unsigned);
		defects.put("tampered sub", (admin) -> DevTokens.tampered(admin, other));
		defects.put("garbage", (admin) -> "not-a-jwt");
		Map<String, Function<String, HttpRequest>> apis = new LinkedHashMap<>();
		String store = pipeline.url(Pipeline.STORE);
		String mobile = pipeline.url(Pipeline.MOBILE);
		// a notification of another mall's admin, which no one else may read, mark or
		// delete
		String theirs = "iso-theirs-" + UUID.randomUUID();
		pipeline.request(theirs, """
				{"type": "order.placed", "priority": "NORMAL", "audience": {"adminIds": ["%s"]}, \
				"title": "Only for %s", "channels": ["WEB"]}""".formatted(other, other));
		pipeline.flush();
		await().atMost(Duration.ofMinutes(1)).until(() -> browsers.get(other).times(theirs) == 1);
		UUID someone = Tally.notificationId(theirs, other);
		apis.put("GET /api/timeline", (token) -> Api.request(store + "/api/timeline", token).GET().build());
		apis.put("GET /api/timeline/unread-count",
				(token) -> Api.request(store + "/api/timeline/unread-count", token).GET().build());
		apis.put("POST /api/timeline/{id}/read",
				(token) -> Api.request(store + "/api/timeline/" + someone + "/read", token)
					.POST(HttpRequest.BodyPublishers.noBody())
					.build());
		apis.put("POST /api/timeline/read-all",
				(token) -> Api.request(store + "/api/timeline/read-all", token)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"upTo\": \"x\"}"))
					.build());
		apis.put("DELETE /api/timeline/{id}",
				(token) -> Api.request(store + "/api/timeline/" + someone, token).DELETE().build());
		apis.put("GET /api/preferences", (token) -> Api.request(store + "/api/preferences", token).GET().build());
		apis.put("PUT /api/preferences",
				(token) -> Api.request(store + "/api/preferences", token)
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"muted\": []}"))
					.build());
		apis.put("GET /api/devices", (token) -> Api.request(mobile + "/api/devices", token).GET().build());
		apis.put("PUT /api/devices/{token}",
				(token) -> Api.request(mobile + "/api/devices/iso-token-1", token)
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"platform\": \"ANDROID\"}"))
					.build());
		apis.put("DELETE /api/devices/{token}",
				(token) -> Api.request(mobile + "/api/devices/iso-token-1", token).DELETE().build());
		for (int gateway : pipeline.gateways()) {
			apis.put("GET /api/notifications/stream (" + ((gateway == pipeline.gateways().get(0)) ? "a" : "b") + ")",
					(token) -> Api.request("http://127.0.0.1:" + gateway + "/api/notifications/stream", token)
						.timeout(Duration.ofSeconds(10))
						.GET()
						.build());
		}
		List<String> rows = new ArrayList<>();
		rows.add("| API | " + String.join(" | ", defects.keySet()) + " |");
		rows.add("|---" + "|---".repeat(defects.size()) + "|");
		int cells = 0;
		int refused = 0;
		for (Map.Entry<String, Function<String, HttpRequest>> api : apis.entrySet()) {
			StringBuilder row = new StringBuilder("| " + api.getKey() + " |");
			for (Map.Entry<String, Function<String, String>> defect : defects.entrySet()) {
				HttpResponse<String> response = Api.send(api.getValue().apply(defect.getValue().apply(owner)));
				cells++;
				assertThat(response.statusCode()).as(api.getKey() + " with " + defect.getKey() + " token")
					.isEqualTo(401);
				assertThat(response.headers().firstValue("Content-Type").orElse(""))
					.as(api.getKey() + " with " + defect.getKey())
					.startsWith("application/problem+json");
				refused++;
				row.append(" ").append(response.statusCode()).append(" |");
			}
			rows.add(row.toString());
		}
		// and a good token reaches only its own admin's things
		String token = DevTokens.forAdmin(owner);
		assertThat(Api.send(apis.get("POST /api/timeline/{id}/read").apply(token)).statusCode())
			.as("marking another admin's notification read")
			.isEqualTo(404);
		assertThat(Api.send(apis.get("DELETE /api/timeline/{id}").apply(token)).statusCode())
			.as("deleting another admin's notification")
			.isEqualTo(404);
		assertThat(Tally.timeline(pipeline, other)).as("still in its admin's timeline").contains(someone);
		assertThat(browsers.get(owner).times(theirs)).isZero();
		Path out = Files.createDirectories(pipeline.directory().resolveSibling("reliability")).resolve("auth.md");
		Files.write(out, rows);
		System.out.printf("[reliability] auth matrix: %d cells, %d refused with 401: %s%n", cells, refused, out);
	}

}
