package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain simulator publishes requests the router accepts, to the audience asked for,
 * at the rate asked for, and refuses what it cannot publish with a problem that says why.
 */
class DomainSimulatorTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static DomainSimulator simulator;

	@BeforeAll
	static void start() {
		simulator = DomainSimulator.start(0, KafkaTestClient.shared().bootstrapServers());
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@ParameterizedTest
	@EnumSource(DomainSimulator.Scenario.class)
	void everyScenarioIsARequestThePublishedSchemaAccepts(DomainSimulator.Scenario scenario) throws IOException {
		JsonSchema schema;
		try (InputStream in = getClass().getResourceAsStream("/schemas/notification.requested.v1.schema.json")) {
			schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
		}
		for (String audience : List.of("admin:op-m1", "mall:m-1", "partner:p-1", "all")) {
			ObjectNode request = scenario.request(7781);
			request.set("audience", DomainSimulator.audience(audience));

			assertThat(schema.validate(request.toString(), InputFormat.JSON)).as(scenario + " to " + audience)
				.isEmpty();
			assertThat(request.get("link").asString()).startsWith("/");
		}
		assertThat(DomainSimulator.Scenario.FRAUD.request(1).get("priority").asString()).isEqualTo("URGENT");
		assertThat(DomainSimulator.Scenario.EXCEL_EXPORT.request(1).get("link").asString()).endsWith("/download");
	}

	@Test
	void aBurstArrivesWholeAtTheRateAskedFor() throws Exception {
		String partner = "p-burst-" + System.nanoTime();
		HttpResponse<String> accepted = post(
				"/publish?scenario=mixed&to=partner:" + partner + "&count=40&perSecond=40");

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(json.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(40);
		List<ConsumerRecord<String, String>> published = KafkaTestClient.shared()
			.read(DomainSimulator.TOPIC, (record) -> record.value().contains("\"" + partner + "\""), 40,
					Duration.ofSeconds(30));
		assertThat(published).hasSize(40);
		Set<String> ids = published.stream()
			.map((record) -> KafkaTestClient.header(record, "ce_id"))
			.collect(Collectors.toSet());
		assertThat(ids).hasSize(40);
		assertThat(published).allSatisfy((record) -> {
			JsonNode request = json.readTree(record.value());
			assertThat(request.at("/audience/partnerIds/0").asString()).isEqualTo(partner);
			assertThat(KafkaTestClient.header(record, "ce_source")).startsWith("/simulator/");
			assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(DomainSimulator.TOPIC);
		});
		assertThat(published.stream().map((record) -> json.readTree(record.value()).get("type").asString()).distinct())
			.as("a mix of scenarios")
			.hasSizeGreaterThan(1);
		long first = published.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
		long last = published.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
		assertThat(last - first).as("40 at 40 per second spread over about a second").isGreaterThanOrEqualTo(800);
	}

	@Test
	void oneRequestIsPublishedBeforeTheAnswer() throws Exception {
		HttpResponse<String> published = post("/publish?scenario=fraud&to=mall:m-sim");

		assertThat(published.statusCode()).isEqualTo(200);
		String id = json.readTree(published.body()).get("id").asString();
		List<ConsumerRecord<String, String>> records = KafkaTestClient.shared()
			.read(DomainSimulator.TOPIC, (record) -> id.equals(KafkaTestClient.header(record, "ce_id")), 1,
					Duration.ofSeconds(10));
		assertThat(records).singleElement().satisfies((record) -> {
			JsonNode request = json.readTree(record.value());
			assertThat(request.get("type").asString()).isEqualTo("fraud.suspected");
			assertThat(request.at("/audience/mallIds/0").asString()).isEqualTo("m-sim");
		});
	}

	@Test
	void refusesWhatItCannotPublishSayingWhy() throws Exception {
		assertProblem(post("/publish?scenario=weather&to=all"), "unknown scenario 'weather'");
		assertProblem(post("/publish?scenario=order&to=region:seoul"), "unknown audience 'region:seoul'");
		assertProblem(post("/publish?scenario=order&to=mall:"), "needs an id");
		assertProblem(post("/publish?scenario=order&to=all&count=0"), "'count' must be a whole number from 1 to 10000");
		assertProblem(post("/publish?scenario=order&to=all&count=2&perSecond=lots"), "not 'lots'");
	}

	@Test
	void servesItsPageAndTheChoicesItOffers() throws Exception {
		HttpResponse<String> page = http.send(HttpRequest.newBuilder(simulator.uri().resolve("/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Domain simulator");
		JsonNode options = json.readTree(http.send(HttpRequest.newBuilder(simulator.uri().resolve("/options")).build(),
				HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(options.get("scenarios").findValuesAsString("id")).contains("excel-export", "order", "claim",
				"inquiry", "product-approval", "product-inquiry", "fraud");
		assertThat(options.get("audiences").findValuesAsString("id")).contains("admin:op-m1", "mall:m-1", "mall:m-2",
				"partner:p-1", "all");
	}

	private static void assertProblem(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json.readTree(response.body()).get("detail").asString()).contains(detail);
	}

	private static HttpResponse<String> post(String pathAndQuery) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(simulator.uri() + pathAndQuery))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
