package com.backoffice.notify.router.routing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.backoffice.notify.deadletters.DeadLetter;
import com.backoffice.notify.deadletters.DeadLetters;
import com.backoffice.notify.deadletters.DeadLettersCommand;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.router.StandaloneRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' dead-letter tool against a real router: a good request refused by a
 * router with a bug is dead-lettered with the reason, and once the router is fixed the
 * replay delivers it, once, however often the replay runs.
 */
class DeadLetterReplayIntegrationTests {

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Test
	void replaysARequestDeadLetteredForABugOnceTheBugIsFixedAndDeliversItOnce() throws Exception {
		String t = "q" + UUID.randomUUID().toString().substring(0, 8);
		String deadLetters = StandaloneRouter.requested(t) + ".dlq";
		this.kafka.sendAll(StandaloneRouter.admins(t), Map.of(t + "-a", StandaloneRouter.operator(t + "-a", t + "-m")));
		String eventId = "export-" + t;
		this.kafka.send(StandaloneRouter.requested(t), eventId, """
				{"type": "excel.export.completed", "priority": "HIGH", "audience": {"adminIds": ["%s-a"]},
				 "title": "Your export is ready", "link": "/exports/77", "data": {"exportId": "77", "rows": "1200"}}
				""".formatted(t), KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/excel-export"));

		// the bug: a limit on data set far below what the schema allows
		try (StandaloneRouter buggy = StandaloneRouter.start(t, t + "-routers",
				"notify.router.routing.max-data-bytes=16")) {
			buggy.context().get();
			assertThat(this.kafka.read(deadLetters, (record) -> true, 1, Duration.ofSeconds(60))).hasSize(1);
		}
		String listed = command("list", deadLetters);
		assertThat(listed).contains("PENDING")
			.containsPattern("from " + Pattern.quote(StandaloneRouter.requested(t)) + "/\\d+@0")
			.contains("more than the 16 allowed")
			.contains("\"exportId\": \"77\"")
			.contains("1 dead letter(s), 1 pending");

		try (StandaloneRouter fixed = StandaloneRouter.start(t, t + "-routers")) {
			fixed.context().get();
			assertThat(command("replay", deadLetters)).contains("Replayed 1 dead letter(s)");
			List<ConsumerRecord<String, String>> delivered = this.kafka.read(StandaloneRouter.urgent(t),
					(record) -> true, 1, Duration.ofSeconds(60));
			assertThat(delivered).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo(t + "-a");
				assertThat(record.value()).contains("\"eventId\":\"" + eventId + "\"").contains("\"rows\":\"1200\"");
			});

			assertThat(command("replay", deadLetters)).contains("Replayed 0 dead letter(s)");
			assertThat(this.kafka.read(StandaloneRouter.urgent(t), (record) -> true, 2, Duration.ofSeconds(5)))
				.as("delivered once, though the replay ran twice")
				.hasSize(1);
		}
		try (DeadLetters tool = new DeadLetters(this.kafka.bootstrapServers(), DeadLetters.GROUP)) {
			assertThat(tool.list(deadLetters)).singleElement()
				.satisfies((letter) -> assertThat(letter.replayed()).isTrue());
			assertThat(tool.list(deadLetters)).extracting(DeadLetter::reason)
				.singleElement()
				.asString()
				.contains("more than the 16 allowed");
		}
		assertThat(this.kafka.read(StandaloneRouter.requested(t), (record) -> true, 2, Duration.ofSeconds(5))).last()
			.satisfies((replayed) -> {
				assertThat(KafkaTestClient.header(replayed, DeadLetters.REPLAYED_FROM)).isEqualTo(deadLetters + "/0@0");
				assertThat(KafkaTestClient.header(replayed, "ce_id")).isEqualTo(eventId);
				assertThat(KafkaTestClient.header(replayed, "x-exception-message")).isNull();
			});
	}

	@Test
	void refusesATopicThatIsNotADeadLetterTopic() {
		assertThat(run("replay", "notification.requested.v1")).isEqualTo(2);
	}

	private String command(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] withBrokers = { "--bootstrap-servers=" + this.kafka.bootstrapServers(), args[0], args[1] };
		int status = DeadLettersCommand.run(withBrokers, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
		return out.toString(StandardCharsets.UTF_8);
	}

	private int run(String... args) {
		PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		return DeadLettersCommand.run(args, discard, discard);
	}

}
