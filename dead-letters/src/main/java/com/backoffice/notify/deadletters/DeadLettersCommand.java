package com.backoffice.notify.deadletters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line of {@link DeadLetters}, parsed by picocli:
 *
 * <pre>
 * java -jar dead-letters-exec.jar [--bootstrap-servers=localhost:9092] [--group=notify-dead-letters] list|pending|replay|skip &lt;topic&gt;.dlq
 * </pre>
 *
 * {@code list} shows every dead letter with its reason, {@code pending} only those not
 * yet replayed or skipped, {@code replay} sends the pending ones back to their topic, and
 * {@code skip} marks them handled without sending them. The brokers default to
 * {@code KAFKA_BOOTSTRAP_SERVERS}, then {@code localhost:9092}.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Lists what a <topic>.dlq holds and why, and replays it to its topic after a fix.",
		subcommands = { CommandLine.HelpCommand.class })
public final class DeadLettersCommand {

	@Spec
	private CommandLine.Model.CommandSpec spec;

	@Option(names = "--bootstrap-servers", scope = ScopeType.INHERIT, paramLabel = "host:port",
			defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
			description = "the Kafka brokers (default: KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE})")
	private String bootstrapServers;

	@Option(names = "--group", scope = ScopeType.INHERIT, paramLabel = "id", defaultValue = DeadLetters.GROUP,
			description = "the consumer group that keeps what was handled (default: ${DEFAULT-VALUE})")
	private String group;

	private DeadLettersCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs one command.
	 * @param args the command line
	 * @param out where the dead letters are printed
	 * @param err where usage and failures are printed
	 * @return the exit status: 0 done, 1 failed, 2 not understood
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return new CommandLine(new DeadLettersCommand()).setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
			.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
			.setExecutionExceptionHandler((ex, line, parsed) -> {
				line.getErr().println("Failed: " + ex.getMessage());
				return 1;
			})
			.execute(args);
	}

	@Command(name = "list",
			description = "every dead letter of the topic, with why it was refused and whether it was handled")
	int list(@Parameters(paramLabel = "<topic>.dlq") String topic) {
		return withTool(topic, (tool) -> print(tool.list(topic)));
	}

	@Command(name = "pending", description = "the dead letters not replayed or skipped yet")
	int pending(@Parameters(paramLabel = "<topic>.dlq") String topic) {
		return withTool(topic,
				(tool) -> print(tool.list(topic).stream().filter((letter) -> !letter.replayed()).toList()));
	}

	@Command(name = "replay",
			description = "send the pending dead letters back to the topic they came from (after the fix)")
	int replay(@Parameters(paramLabel = "<topic>.dlq") String topic) {
		return withTool(topic, (tool) -> {
			List<DeadLetter> replayed = tool.replay(topic);
			print(replayed);
			out().printf("Replayed %d dead letter(s) of %s%n", replayed.size(), topic);
		});
	}

	@Command(name = "skip", description = "mark the pending dead letters handled without sending them")
	int skip(@Parameters(paramLabel = "<topic>.dlq") String topic) {
		return withTool(topic, (tool) -> {
			List<DeadLetter> skipped = tool.skip(topic);
			print(skipped);
			out().printf("Skipped %d dead letter(s) of %s%n", skipped.size(), topic);
		});
	}

	private int withTool(String topic, Consumer<DeadLetters> command) {
		if (!topic.endsWith(".dlq")) {
			throw new CommandLine.ParameterException(this.spec.commandLine(),
					topic + " is not a dead-letter topic (<topic>.dlq)");
		}
		try (DeadLetters tool = new DeadLetters(this.bootstrapServers, this.group)) {
			command.accept(tool);
			return 0;
		}
	}

	private void print(List<DeadLetter> letters) {
		PrintWriter out = out();
		for (DeadLetter letter : letters) {
			out.printf("%d@%d  %s  %s  key=%s  from %s/%s@%s%n  reason: %s%n  payload: %s%n", letter.partition(),
					letter.offset(), letter.replayed() ? "handled" : "PENDING", letter.at(), letter.key(),
					letter.originalTopic(), letter.originalPartition(), letter.originalOffset(), letter.reason(),
					letter.payloadText(500));
		}
		out.printf("%d dead letter(s), %d pending%n", letters.size(),
				letters.stream().filter((letter) -> !letter.replayed()).count());
	}

	private PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

}
