package com.backoffice.notify.store.preferences;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class PreferencesApiIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Test
	void storesAnAdminsPreferencesAndPublishesThemForTheRouter() {
		assertThat(call(this.admin, HttpMethod.GET, null).get("muted")).isEmpty();

		call(this.admin, HttpMethod.PUT, Map.of("muted", List.of("order.placed"), "channels", Map.of()));
		JsonNode stored = call(this.admin, HttpMethod.PUT,
				Map.of("muted", List.of("order.placed", "product.inquiry.received"), "channels",
						Map.of("claim.raised", List.of("WEB"))));

		JsonNode read = call(this.admin, HttpMethod.GET, null);
		assertThat(read).isEqualTo(stored);
		assertThat(read.get("muted")).extracting(JsonNode::asString)
			.containsExactly("order.placed", "product.inquiry.received");
		assertThat(read.at("/channels/claim.raised/0").asString()).isEqualTo("WEB");
		List<ConsumerRecord<String, String>> published = KafkaTestClient.shared()
			.read(PreferencesApi.TOPIC, (record) -> this.admin.equals(record.key()), 2, Duration.ofSeconds(30));
		assertThat(published).hasSize(2);
		assertThat(json.readTree(published.get(1).value())).isEqualTo(stored);
		assertThat(KafkaTestClient.header(published.get(1), "ce_type")).isEqualTo(PreferencesApi.TOPIC);
	}

	@Test
	void refusesPreferencesItCannotApplyWithAProblem() {
		assertThat(refusal(Map.of("muted", List.of("Order Placed!"))))
			.contains("'Order Placed!', not a notification type");
		assertThat(refusal(Map.of("channels", Map.of("order.placed", List.of("SMS"))))).contains("SMS");
		assertThat(refusal(Map.of("channels", Map.of("order.placed", List.of())))).isNull();
		assertThat(call(this.admin, HttpMethod.GET, null).get("channels").get("order.placed").size()).isZero();
	}

	private String refusal(Object body) {
		return RestClient.create("http://localhost:" + this.port)
			.put()
			.uri("/api/preferences")
			.header("Authorization", "Bearer " + DevTokens.forAdmin(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> {
				if (response.getStatusCode().value() != 400) {
					return null;
				}
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				return json.readTree(response.getBody()).get("detail").asString();
			});
	}

	private JsonNode call(String admin, HttpMethod method, Object body) {
		RestClient.RequestBodySpec request = RestClient.create("http://localhost:" + this.port)
			.method(method)
			.uri("/api/preferences")
			.header("Authorization", "Bearer " + DevTokens.forAdmin(admin));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((req, response) -> {
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			return json.readTree(response.getBody());
		});
	}

}
