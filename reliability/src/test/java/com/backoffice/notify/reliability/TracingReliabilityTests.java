package com.backoffice.notify.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One notification, one trace: the trace a domain service starts when it publishes goes
 * on through the router, the store, the gateway and its write to the browser, and the
 * browser's event and the services' logs name it.
 */
@ExtendWith(Pipeline.Shared.class)
class TracingReliabilityTests {

	@Test
	void followsOneRequestFromItsPublishToTheBrowserInOneTrace(Pipeline pipeline) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		pipeline.directory(Directory.operators("trace-" + run, "trace-mall-" + run, 1));
		String admin = "trace-" + run + "-0";
		try (Browser browser = new Browser(admin, pipeline.gateways(), 1, Api.HTTP)) {
			await().atMost(Duration.ofMinutes(1)).until(browser::isOpen);
			String traceId = hex(16);
			pipeline.spans().follow(traceId);
			String eventId = "export-" + run;
			ProducerRecord<String, String> request = KafkaTestClient.cloudEventRecord("notification.requested.v1",
					eventId, """
							{"type": "excel.export.completed", "priority": "NORMAL", "audience": {"adminIds": ["%s"]},
							 "title": "Your export is ready", "link": "/exports/%s"}""".formatted(admin, run), eventId,
					"/excel-export");
			// the domain service's publish span, as its binder's observation writes it
			request.headers()
				.add("traceparent", ("00-" + traceId + "-" + hex(8) + "-01").getBytes(StandardCharsets.UTF_8));
			pipeline.send(request).get(30, TimeUnit.SECONDS);

			await().atMost(Duration.ofMinutes(1)).until(() -> browser.times(eventId) == 1);
			assertThat(browser.notifications.get(eventId).path("traceId").asString())
				.as("the trace id on the browser's event, for support")
				.isEqualTo(traceId);

			await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
				Map<String, List<String>> byService = services(pipeline.spans().trace(traceId));
				assertThat(byService).containsKeys("notification-router", "notification-store", "push-gateway");
				assertThat(byService.get("push-gateway")).as("the write to the browser").contains("sse write");
			});
			List<SpanCollector.Span> spans = pipeline.spans().trace(traceId);
			System.out.println("One request's trace " + traceId + ": " + spans.size() + " spans, " + services(spans));
			assertThat(spans).as("every span descends from the publish: none starts a trace of its own")
				.allSatisfy((span) -> assertThat(span.parentId()).isNotNull());
			assertThat(Files.readString(pipeline.directory().resolve("logs/notification-router.log")))
				.as("the router's log names the trace")
				.contains(traceId);
		}
	}

	private static Map<String, List<String>> services(List<SpanCollector.Span> spans) {
		return spans.stream()
			.collect(Collectors.groupingBy(SpanCollector.Span::service,
					Collectors.mapping(SpanCollector.Span::name, Collectors.toList())));
	}

	private static String hex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
