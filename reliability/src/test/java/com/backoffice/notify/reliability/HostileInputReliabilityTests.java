package com.backoffice.notify.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile corpus against the running pipeline: every bad record on an input topic is
 * dead-lettered with its reason (or refused by the broker), every bad HTTP request is
 * answered with a 4xx problem that says what is wrong, no service stops or stalls, and
 * the good requests sent between the bad ones reach the browser once, intact. The
 * outcomes go to {@code target/reliability/hostile.md}.
 */
@ExtendWith(Pipeline.Shared.class)
class HostileInputReliabilityTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String ADMIN = "hostile-op-0";

	private static final Pattern BINDER_PREFIX = Pattern.compile("^error occurred in message handler \\[[^\\]]*\\]; ");

	private static Pipeline pipeline;

	private static Browser browser;

	@BeforeAll
	static void connect(Pipeline shared) throws Exception {
		pipeline = shared;
		pipeline.directory(Directory.operators("hostile-op", "hostile-mall", 1));
		browser = new Browser(ADMIN, pipeline.gateways(), 0, Api.HTTP);
		await().atMost(Duration.ofMinutes(1)).until(browser::isOpen);
	}

	@AfterAll
	static void close() throws Exception {
		browser.close();
	}

	@Test
	void deadLettersEveryHostileRecordAndDeliversTheGoodOnesBetweenIntact() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<HostileCase> corpus = HostileCase.load("kafka");
		Map<String, HostileCase> deadLetters = new LinkedHashMap<>();
		Map<String, String> outcomes = new ConcurrentHashMap<>();
		Map<String, String> good = new LinkedHashMap<>();
		for (HostileCase hostile : corpus) {
			String key = "hostile-" + run + "-" + hostile.name();
			Future<?> sent = pipeline.send(record(hostile, key));
			if (hostile.field("expect", "").equals("refused")) {
				pipeline.flush();
				assertThat(refusal(sent)).as(hostile.name()).contains(hostile.field("reason", ""));
				outcomes.put(hostile.name(), "refused by the broker: " + hostile.field("reason", ""));
			}
			else {
				deadLetters.put(key, hostile);
			}
			String eventId = "good-" + run + "-" + hostile.name();
			good.put(eventId, goodRequest(eventId));
		}
		pipeline.flush();
		Map<String, ConsumerRecord<String, byte[]>> found = deadLetters(deadLetters);
		SoftAssertions reasons = new SoftAssertions();
		for (Map.Entry<String, HostileCase> expected : deadLetters.entrySet()) {
			HostileCase hostile = expected.getValue();
			String reason = KafkaTestClient.header(found.get(expected.getKey()), "x-exception-message");
			reasons.assertThat(reason)
				.as(hostile.name() + ": the dead letter's reason")
				.contains(hostile.field("reason", ""));
			outcomes.put(hostile.name(), "dead-lettered to " + hostile.field("topic", "") + ".dlq: " + brief(reason));
		}
		reasons.assertAll();
		await("the good requests between the bad ones reach the browser").atMost(Duration.ofMinutes(2))
			.until(() -> good.keySet().stream().allMatch((eventId) -> browser.times(eventId) > 0));
		for (Map.Entry<String, String> request : good.entrySet()) {
			JsonNode sent = JSON.readTree(request.getValue());
			JsonNode received = browser.notifications.get(request.getKey());
			assertThat(browser.times(request.getKey())).isEqualTo(1);
			for (String field : List.of("title", "body", "link")) {
				assertThat(received.path(field).asString()).as(field).isEqualTo(sent.path(field).asString());
			}
		}
		assertThat(browser.received.keySet()).as("only the good requests reach the browser")
			.allMatch((eventId) -> good.containsKey(eventId) || !eventId.contains(run));
		assertAllAlive();
		write("hostile-kafka.md", corpus, outcomes);
	}

	@Test
	void answersEveryHostileHttpRequestWithAClearProblem() throws Exception {
		List<HostileCase> corpus = HostileCase.load("http");
		Map<String, String> outcomes = new LinkedHashMap<>();
		String token = DevTokens.forAdmin(ADMIN);
		SoftAssertions answers = new SoftAssertions();
		for (HostileCase hostile : corpus) {
			String[] request = hostile.field("request", "").split(" ", 2);
			byte[] body = hostile.bytes(ADMIN, hostile.name());
			Api.Raw response = Api.raw(pipeline.port(service(hostile.field("service", ""))), request[0],
					HostileCase.text(request[1], ADMIN, ""),
					hostile.field("token", "admin").equals("admin") ? token : null,
					(body.length > 0) ? hostile.field("content-type", "application/json") : null, body);
			int expected = Integer.parseInt(hostile.field("expect", "400"));
			answers.assertThat(response.status()).as(hostile.name() + ": " + response.body()).isEqualTo(expected);
			answers.assertThat(response.contentType())
				.as(hostile.name() + ": a problem detail")
				.startsWith("application/problem+json");
			String detail = response.contentType().startsWith("application/problem+json")
					? JSON.readTree(response.body()).path("detail").asString() : response.body();
			answers.assertThat(detail).as(hostile.name()).containsIgnoringCase(hostile.field("detail", ""));
			outcomes.put(hostile.name(), response.status() + ": " + brief(detail));
		}
		answers.assertAll();
		assertAllAlive();
		write("hostile-http.md", corpus, outcomes);
	}

	/**
	 * A reason as the report shows it: without the binder's "error occurred in message
	 * handler [...]; " before it, on one line, at most 200 characters.
	 */
	private static String brief(String reason) {
		String text = BINDER_PREFIX.matcher(reason.lines().findFirst().orElse("")).replaceFirst("");
		return ((text.length() <= 200) ? text : text.substring(0, 200) + "...").replace("|", "\\|");
	}

	private static ProducerRecord<String, byte[]> record(HostileCase hostile, String key) {
		String topic = hostile.field("topic", "notification.requested.v1");
		RecordHeaders headers = new RecordHeaders();
		Map<String, String> ce = new LinkedHashMap<>(KafkaTestClient.cloudEvent(key, topic, "/reliability/hostile"));
		String recordKey = key;
		for (String directive : hostile.field("headers", "").split("\\s+")) {
			if (directive.startsWith("-")) {
				ce.remove(directive.substring(1));
			}
			else if (directive.contains("=")) {
				String[] pair = directive.split("=", 2);
				String value = HostileCase.decode(HostileCase.text(pair[1], ADMIN, key));
				if (pair[0].equals("key")) {
					recordKey = value;
				}
				else {
					ce.put(pair[0], value);
				}
			}
		}
		ce.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		byte[] value = hostile.isTombstone() ? null : hostile.bytes(ADMIN, key);
		return new ProducerRecord<>(topic, null, recordKey, value, headers);
	}

	private static String refusal(Future<?> sent) throws InterruptedException {
		try {
			sent.get();
			return "accepted";
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(RecordTooLargeException.class);
			return ex.getCause().getClass().getSimpleName();
		}
	}

	private static String goodRequest(String eventId) {
		String json = """
				{"type": "order.placed", "priority": "NORMAL", "audience": {"adminIds": ["%s"]}, \
				"title": "주문 %s: 3 < 5 & \\"quoted\\" 🎉", "body": "line one\\nline two\\ttabbed", \
				"link": "/orders/%s?x=1&y=%%2F", "channels": ["WEB"]}""".formatted(ADMIN, eventId, eventId);
		pipeline.request(eventId, json);
		return json;
	}

	/** The dead letters of this run, by key, once each case has one. */
	private static Map<String, ConsumerRecord<String, byte[]>> deadLetters(Map<String, HostileCase> expected) {
		Set<String> topics = new java.util.TreeSet<>();
		expected.values().forEach((hostile) -> topics.add(hostile.field("topic", "") + ".dlq"));
		Map<String, ConsumerRecord<String, byte[]>> found = new ConcurrentHashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "reliability-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.copyOf(topics));
			await("a dead letter for each hostile record").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ZERO)
				.untilAsserted(() -> {
					consumer.poll(Duration.ofMillis(500))
						.forEach((record) -> found.putIfAbsent(String.valueOf(record.key()), record));
					assertThat(found.keySet()).containsAll(expected.keySet());
				});
		}
		return found;
	}

	private static String service(String name) {
		return name.equals("push-gateway") ? Pipeline.GATEWAY_A : name;
	}

	private static void assertAllAlive() {
		for (String service : List.of(Pipeline.ROUTER, Pipeline.STORE, Pipeline.GATEWAY_A, Pipeline.GATEWAY_B,
				Pipeline.MOBILE)) {
			assertThat(pipeline.isAlive(service)).as(service + " is running").isTrue();
			assertThat(Api.get(pipeline.url(service) + "/actuator/health/readiness", null).statusCode())
				.as(service + " is ready")
				.isEqualTo(200);
		}
	}

	private static void write(String file, List<HostileCase> corpus, Map<String, String> outcomes) throws Exception {
		List<String> rows = new ArrayList<>(List.of("| case | what | outcome |", "|---|---|---|"));
		corpus.forEach((hostile) -> rows.add("| `%s` | %s | %s |".formatted(hostile.name(), hostile.description(),
				outcomes.getOrDefault(hostile.name(), "?"))));
		Path out = Files.createDirectories(pipeline.directory().resolveSibling("reliability")).resolve(file);
		Files.write(out, rows);
		System.out.println("[reliability] " + corpus.size() + " hostile cases: " + out);
	}

}
