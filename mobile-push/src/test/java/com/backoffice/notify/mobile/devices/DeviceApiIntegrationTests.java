package com.backoffice.notify.mobile.devices;

import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.mobile.MobilePushIntegrationBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceApiIntegrationTests extends MobilePushIntegrationBase {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeviceDirectory devices;

	private final String admin = admin();

	private final String token = "fcm:" + UUID.randomUUID();

	@Test
	void registersRefreshesListsAndRemovesAnAdminsDevice() {
		Answer created = call(this.admin, HttpMethod.PUT, this.token,
				Map.of("platform", "IOS", "appVersion", "3.2.0", "locale", "ko-KR"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().get("platform").asString()).isEqualTo("IOS");
		assertThat(created.body().get("locale").asString()).isEqualTo("ko-KR");

		Answer refreshed = call(this.admin, HttpMethod.PUT, this.token,
				Map.of("platform", "IOS", "appVersion", "3.3.0"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.body().get("appVersion").asString()).isEqualTo("3.3.0");
		assertThat(refreshed.body().get("registeredAt")).isEqualTo(created.body().get("registeredAt"));
		assertThat(refreshed.body().get("lastSeenAt").asString())
			.isGreaterThanOrEqualTo(created.body().get("lastSeenAt").asString());

		JsonNode listed = call(this.admin, HttpMethod.GET, "", null).body();
		assertThat(listed).singleElement()
			.satisfies((device) -> assertThat(device.get("token").asString()).isEqualTo(this.token));

		assertThat(call(this.admin, HttpMethod.DELETE, this.token, null).status()).isEqualTo(204);
		assertThat(call(this.admin, HttpMethod.GET, "", null).body()).isEmpty();
		Answer again = call(this.admin, HttpMethod.DELETE, this.token, null);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.body().get("detail").asString()).isEqualTo("No device with this token is registered to you");
	}

	@Test
	void movesATokenRegisteredByASecondAdminInsteadOfDuplicatingIt() {
		String second = admin();
		call(this.admin, HttpMethod.PUT, this.token, Map.of("platform", "ANDROID"));

		Answer moved = call(second, HttpMethod.PUT, this.token, Map.of("platform", "ANDROID"));

		assertThat(moved.status()).isEqualTo(201);
		assertThat(this.jdbc.sql("SELECT admin_id FROM device WHERE token = ?")
			.param(this.token)
			.query(String.class)
			.list()).containsExactly(second);
		assertThat(call(this.admin, HttpMethod.GET, "", null).body()).isEmpty();
		assertThat(this.devices.tokensOf(java.util.List.of(this.admin, second))).containsOnlyKeys(second);
	}

	@Test
	void letsNoAdminRemoveAnotherAdminsDevice() {
		call(this.admin, HttpMethod.PUT, this.token, Map.of("platform", "WEB"));

		Answer refused = call(admin(), HttpMethod.DELETE, this.token, null);

		assertThat(refused.status()).isEqualTo(404);
		assertThat(call(this.admin, HttpMethod.GET, "", null).body()).hasSize(1);
	}

	@Test
	void refusesRequestsWithoutAValidToken() {
		for (String bad : new String[] { null, "nonsense", DevTokens.expired(this.admin),
				DevTokens.signedByAnotherKey(this.admin), DevTokens.unsigned(this.admin),
				DevTokens.fromAnotherIssuer(this.admin), DevTokens.tampered(this.admin, admin()) }) {
			Answer refused = api().put().uri("/api/devices/{token}", this.token).headers((headers) -> {
				if (bad != null) {
					headers.setBearerAuth(bad);
				}
			})
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("platform", "ANDROID"))
				.exchange((request, response) -> new Answer(response.getStatusCode().value(),
						json.readTree(response.getBody()), response.getHeaders()));
			assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(401);
			assertThat(refused.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
			assertThat(refused.body().get("detail").asString()).isNotBlank();
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM device WHERE token = ?")
			.param(this.token)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void explainsWhatIsWrongWithARegistration() {
		assertThat(problem(HttpMethod.PUT, this.token, Map.of()))
			.isEqualTo("'platform' is required: ANDROID, IOS or WEB");
		assertThat(problem(HttpMethod.PUT, this.token, Map.of("platform", "SYMBIAN")))
			.isEqualTo("'SYMBIAN' at 'platform' is not one of ANDROID, IOS, WEB");
		assertThat(problem(HttpMethod.PUT, this.token, Map.of("platform", "IOS", "locale", "<script>")))
			.isEqualTo("'locale' must be a language tag such as ko-KR");
		assertThat(problem(HttpMethod.PUT, "x".repeat(1025), Map.of("platform", "IOS")))
			.startsWith("This is not an FCM registration token");
		assertThat(problem(HttpMethod.PUT, "a b", Map.of("platform", "IOS")))
			.startsWith("This is not an FCM registration token");
	}

	@Test
	void keepsAnAdminsMostRecentDevicesOnly() {
		for (int i = 0; i < 21; i++) {
			call(this.admin, HttpMethod.PUT, this.token + "-" + i, Map.of("platform", "ANDROID"));
		}
		JsonNode listed = call(this.admin, HttpMethod.GET, "", null).body();
		assertThat(listed).hasSize(20);
		assertThat(listed.findValuesAsString("token")).doesNotContain(this.token + "-0").contains(this.token + "-20");
	}

	@Test
	void forgetsDevicesThatWentSilent() {
		call(this.admin, HttpMethod.PUT, this.token, Map.of("platform", "ANDROID"));
		String fresh = this.token + "-fresh";
		call(this.admin, HttpMethod.PUT, fresh, Map.of("platform", "ANDROID"));
		this.jdbc.sql("UPDATE device SET last_seen_at = now() - interval '31 days' WHERE token = ?")
			.param(this.token)
			.update();

		assertThat(this.devices.pruneStale()).isPositive();

		assertThat(call(this.admin, HttpMethod.GET, "", null).body().findValuesAsString("token"))
			.containsExactly(fresh);
	}

	private String problem(HttpMethod method, String token, Object body) {
		Answer answer = call(this.admin, method, token, body);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		return answer.body().get("detail").asString();
	}

	private Answer call(String admin, HttpMethod method, String token, Object body) {
		var request = api().method(method)
			.uri(token.isEmpty() ? "/api/devices" : "/api/devices/" + token)
			.header("Authorization", "Bearer " + DevTokens.forAdmin(admin));
		if (body != null) {
			request = request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((req, response) -> {
			byte[] content = response.getBody().readAllBytes();
			return new Answer(response.getStatusCode().value(), (content.length > 0) ? json.readTree(content) : null,
					response.getHeaders());
		});
	}

	private static String admin() {
		return "op-" + UUID.randomUUID().toString().substring(0, 8);
	}

	record Answer(int status, JsonNode body, HttpHeaders headers) {

	}

}
