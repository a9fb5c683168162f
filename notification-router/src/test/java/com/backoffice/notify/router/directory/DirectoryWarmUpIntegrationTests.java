package com.backoffice.notify.router.directory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.router.StandaloneRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router that starts with a large directory already on its topic: not ready, and not
 * routing, until it has read all of it; then it routes what arrived meanwhile.
 */
class DirectoryWarmUpIntegrationTests {

	private static final int ADMINS = 100_000;

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void staysNotReadyUntilTheDirectoryCaughtUpThenRoutesWhatArrivedMeanwhile() throws Exception {
		String t = "w" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> admins = new LinkedHashMap<>();
		for (int i = 0; i < ADMINS; i++) {
			String id = t + "-admin-" + i;
			admins.put(id, StandaloneRouter.operator(id, (i == ADMINS - 1) ? t + "-mall" : t + "-crowd"));
		}
		this.kafka.sendAll(StandaloneRouter.admins(t), admins);
		this.kafka.send(StandaloneRouter.requested(t), "r-1", """
				{"type": "order.placed", "priority": "NORMAL", "audience": {"mallIds": ["%s-mall"]}, "title": "Order"}
				""".formatted(t), KafkaTestClient.cloudEvent("r-1-" + t, "notification.requested.v1", "/orders"));
		String dispatched = StandaloneRouter.dispatched(t);

		StandaloneRouter router = StandaloneRouter.start(t, t + "-router");
		int port = router.port();
		try {
			JsonNode warming = await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> readiness(port), (health) -> health != null
						&& health.at("/components/directory/details/recordsBehind").asLong(0) > 0);
			assertThat(warming.at("/components/directory/status").asString()).isEqualTo("DOWN");
			assertThat(this.kafka.read(dispatched, (record) -> true, 1, Duration.ofMillis(200)))
				.as("nothing routed while the directory is warming")
				.isEmpty();

			JsonNode ready = await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> readiness(port),
						(health) -> health != null && "UP".equals(health.at("/status").asString()));
			System.out.printf("[directory] cold start with %d admins: warm in %d ms%n", ADMINS,
					ready.at("/components/directory/details/warmedInMs").asLong());
			assertThat(ready.at("/components/directory/details/admins").asLong()).isEqualTo(ADMINS);

			List<ConsumerRecord<String, String>> routed = this.kafka.read(dispatched, (record) -> true, 1,
					Duration.ofSeconds(30));
			assertThat(routed).extracting(ConsumerRecord::key).containsExactly(t + "-admin-" + (ADMINS - 1));
		}
		finally {
			router.close();
		}
	}

	private JsonNode readiness(int port) {
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return this.json.readTree(response.body());
		}
		catch (Exception ex) {
			return null;
		}
	}

}
