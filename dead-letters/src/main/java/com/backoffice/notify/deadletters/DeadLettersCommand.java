package com.backoffice.notify.deadletters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link DeadLetters}:
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
public final class DeadLettersCommand {

	private static final String USAGE = """
			Usage: dead-letters [--bootstrap-servers=host:port] [--group=id] list|pending|replay|skip <topic>.dlq
			  list     every dead letter of the topic, with why it was refused and whether it was handled
			  pending  the dead letters not replayed or skipped yet
			  replay   send the pending dead letters back to the topic they came from (after the fix)
			  skip     mark the pending dead letters handled without sending them""";

	private DeadLettersCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	/**
	 * Runs one command.
	 * @param args the command line
	 * @param environment where the brokers' default comes from
	 * @param out where the dead letters are printed
	 * @param err where usage and failures are printed
	 * @return the exit status: 0 done, 1 failed, 2 not understood
	 */
	public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
		String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
		String group = DeadLetters.GROUP;
		List<String> words = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--bootstrap-servers=")) {
				bootstrap = arg.substring("--bootstrap-servers=".length());
			}
			else if (arg.startsWith("--group=")) {
				group = arg.substring("--group=".length());
			}
			else {
				words.add(arg);
			}
		}
		if (words.size() != 2 || !List.of("list", "pending", "replay", "skip").contains(words.get(0))) {
			err.println(USAGE);
			return 2;
		}
		String command = words.get(0);
		String topic = words.get(1);
		if (!topic.endsWith(".dlq")) {
			err.println(topic + " is not a dead-letter topic (<topic>.dlq)");
			return 2;
		}
		try (DeadLetters deadLetters = new DeadLetters(bootstrap, group)) {
			switch (command) {
				case "list" -> print(deadLetters.list(topic), out);
				case "pending" ->
					print(deadLetters.list(topic).stream().filter((letter) -> !letter.replayed()).toList(), out);
				case "replay" -> {
					List<DeadLetter> replayed = deadLetters.replay(topic);
					print(replayed, out);
					out.printf("Replayed %d dead letter(s) of %s%n", replayed.size(), topic);
				}
				default -> {
					List<DeadLetter> skipped = deadLetters.skip(topic);
					print(skipped, out);
					out.printf("Skipped %d dead letter(s) of %s%n", skipped.size(), topic);
				}
			}
			return 0;
		}
		catch (RuntimeException ex) {
			err.println("Failed: " + ex.getMessage());
			return 1;
		}
	}

	private static void print(List<DeadLetter> letters, PrintStream out) {
		for (DeadLetter letter : letters) {
			out.printf("%d@%d  %s  %s  key=%s  from %s/%s@%s%n  reason: %s%n  payload: %s%n", letter.partition(),
					letter.offset(), letter.replayed() ? "handled" : "PENDING", letter.at(), letter.key(),
					letter.originalTopic(), letter.originalPartition(), letter.originalOffset(), letter.reason(),
					letter.payloadText(500));
		}
		out.printf("%d dead letter(s), %d pending%n", letters.size(),
				letters.stream().filter((letter) -> !letter.replayed()).count());
	}

}
