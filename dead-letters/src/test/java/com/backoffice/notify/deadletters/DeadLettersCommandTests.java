package com.backoffice.notify.deadletters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees when the command line is not understood or asked for help; what
 * the commands do to a real topic is tested in the router's
 * {@code DeadLetterReplayIntegrationTests}.
 */
class DeadLettersCommandTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void helpListsTheCommandsAndTheirOptions() {
		assertThat(run("--help")).isZero();

		assertThat(text(this.out)).contains("list", "pending", "replay", "skip", "--bootstrap-servers", "--group",
				"localhost:9092", DeadLetters.GROUP);
	}

	@Test
	void refusesATopicThatIsNotADeadLetterTopicSayingWhy() {
		assertThat(run("replay", "notification.requested.v1")).isEqualTo(2);

		assertThat(text(this.err)).contains("notification.requested.v1 is not a dead-letter topic (<topic>.dlq)");
	}

	@Test
	void refusesAnUnknownCommandWithItsUsage() {
		assertThat(run("purge", "notification.requested.v1.dlq")).isEqualTo(2);

		assertThat(text(this.err)).contains("purge").contains("Usage: dead-letters");
	}

	@Test
	void refusesACommandWithoutItsTopic() {
		assertThat(run("list")).isEqualTo(2);

		assertThat(text(this.err)).contains("<topic>.dlq");
	}

	private int run(String... args) {
		return DeadLettersCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
