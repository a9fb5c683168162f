package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.stream.Stream;

import com.backoffice.notify.benchmarks.sse.SseLoadClient;
import com.backoffice.notify.launcher.ChildProcess;
import org.HdrHistogram.Histogram;

/**
 * {@link SseLoadClient} processes holding streams to one or more servers, each process
 * from a source address of its own (127.0.1.x), steered through files in the run's
 * directory.
 */
public final class LoadClients implements AutoCloseable {

	private static final int OPEN = 0;

	private static final int FAILED = 1;

	private static final int RECEIVED = 2;

	private static final int RESETS = 4;

	private static final int URGENT = 5;

	private final Path run;

	private final List<String> names = new ArrayList<>();

	private final List<ChildProcess> processes = new ArrayList<>();

	private LoadClients(Path run) {
		this.run = run;
	}

	/**
	 * Starts client processes and waits until every stream is open.
	 * @param run the run's directory (emptied first)
	 * @param urls stream URLs, one per server; {@code {admin}} is replaced by the admin
	 * id, otherwise a bearer token is sent
	 * @param admins how many admins, {@code bench-0} on
	 * @param perProcess streams per process, at most
	 * @param spread {@code false}: every admin gets a stream on every server;
	 * {@code true}: each process takes one server in turn, so every admin has one stream
	 * @param timeout how long the streams may take to open
	 * @return the clients
	 */
	public static LoadClients start(Path run, List<String> urls, int admins, int perProcess, boolean spread,
			Duration timeout) throws IOException, InterruptedException {
		delete(run);
		Files.createDirectories(run);
		LoadClients clients = new LoadClients(run);
		int adminsPerProcess = spread ? perProcess : perProcess / urls.size();
		int processes = (admins + adminsPerProcess - 1) / adminsPerProcess;
		for (int k = 0; k < processes; k++) {
			int first = k * adminsPerProcess;
			int count = Math.min(adminsPerProcess, admins - first);
			String name = "client-" + k;
			String targets = spread ? urls.get(k % urls.size()) : String.join(",", urls);
			clients.names.add(name);
			clients.processes.add(ChildProcess.java(name,
					List.of("-Xmx1g", SseLoadClient.class.getName(), run.toString(), name, targets,
							"127.0.1." + (10 + k), String.valueOf(first), String.valueOf(count)),
					run.resolve(name + ".log")));
		}
		long streams = spread ? admins : (long) admins * urls.size();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && clients.open() < streams) {
			Thread.sleep(500);
		}
		System.out.printf("[benchmark] %,d streams open (%,d attempts failed and were retried, as EventSource does) "
				+ "over %d client processes%n", clients.open(), clients.failed(), processes);
		return clients;
	}

	public List<Long> pids() {
		return this.processes.stream().map(ChildProcess::pid).toList();
	}

	public long open() throws IOException {
		return total(OPEN);
	}

	public long failed() throws IOException {
		return total(FAILED);
	}

	public long received() throws IOException {
		return total(RECEIVED);
	}

	/**
	 * Events received that were not URGENT.
	 * @return how many
	 */
	long receivedNotUrgent() throws IOException {
		return total(RECEIVED) - total(URGENT);
	}

	long resets() throws IOException {
		return total(RESETS);
	}

	/**
	 * Events received by one client process.
	 * @param process the process's index, as in {@link #pids()}
	 * @return how many, as it last reported
	 */
	public long receivedBy(int process) throws IOException {
		return field(this.names.get(process), RECEIVED);
	}

	private long total(int field) throws IOException {
		long sum = 0;
		for (String name : this.names) {
			sum += field(name, field);
		}
		return sum;
	}

	private long field(String name, int field) throws IOException {
		Path status = this.run.resolve(name + ".status");
		if (!Files.exists(status)) {
			return 0;
		}
		String[] fields = Files.readString(status).trim().split(" ");
		return (fields.length > field) ? Long.parseLong(fields[field]) : 0;
	}

	/**
	 * Waits until the clients have received some number of events in all, or nothing has
	 * arrived for 30 s.
	 * @param expected how many
	 * @param timeout how long at most
	 * @return how many they received
	 */
	long awaitReceived(long expected, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long received = received();
		long last = -1;
		long stableSince = System.nanoTime();
		while (System.nanoTime() < deadline && received < expected) {
			if (received != last) {
				last = received;
				stableSince = System.nanoTime();
			}
			else if (System.nanoTime() - stableSince > Duration.ofSeconds(30).toNanos()) {
				break;
			}
			Thread.sleep(100);
			received = received();
		}
		return received;
	}

	/**
	 * Tells every client to act: {@code drop-<label>} closes every stream and keeps it
	 * closed, {@code reconnect-<label>} opens all of them again at once.
	 * @param command the command's file name
	 */
	void command(String command) throws IOException {
		Files.writeString(this.run.resolve(command), command);
	}

	/**
	 * The latencies the clients recorded since the last snapshot, merged.
	 * @param label a label of its own
	 * @return NORMAL and other non-URGENT events, and URGENT ones
	 */
	Snapshot snapshot(String label) throws IOException, InterruptedException {
		command("snapshot-" + label);
		Histogram normal = new Histogram(3_600_000_000L, 3);
		Histogram urgent = new Histogram(3_600_000_000L, 3);
		for (String name : this.names) {
			read(this.run.resolve(name + "." + label + ".hgrm"), normal);
			read(this.run.resolve(name + "." + label + ".urgent.hgrm"), urgent);
		}
		return new Snapshot(normal, urgent);
	}

	private static void read(Path file, Histogram into) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!Files.exists(file) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		byte[] bytes = Base64.getDecoder().decode(Files.readString(file).trim());
		try {
			into.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
		}
		catch (DataFormatException ex) {
			throw new IOException("Not a histogram: " + file, ex);
		}
	}

	@Override
	public void close() throws IOException {
		if (!Files.exists(this.run.resolve("stop"))) {
			Files.writeString(this.run.resolve("stop"), "stop");
		}
		this.processes.forEach(ChildProcess::requestStop);
		this.processes.forEach((process) -> process.awaitStop(Duration.ofSeconds(30)));
	}

	private static void delete(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> earlier = Files.walk(directory)) {
				earlier.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	/**
	 * Publishes to random connected admins at a steady rate: each millisecond, what has
	 * come due, in one call.
	 * @param perSecond the rate
	 * @param duration for how long
	 * @param admins how many admins are connected, {@code bench-0} on
	 * @param publisher publishes one notification to each admin it is given
	 * @return how many it published
	 */
	public static long publishAt(int perSecond, Duration duration, int admins, Consumer<List<String>> publisher)
			throws InterruptedException {
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() < end) {
			long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
			List<String> chosen = new ArrayList<>();
			while (sent < due) {
				chosen.add(SseLoadClient.admin(ThreadLocalRandom.current().nextInt(admins)));
				sent++;
			}
			publisher.accept(chosen);
			Thread.sleep(1);
		}
		return sent;
	}

	/**
	 * A free port below the ephemeral range, where the load clients' own ports cannot
	 * take it.
	 * @return the port
	 */
	public static int serverPort() throws IOException {
		for (int port = 21_000; port < 32_000; port++) {
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// taken
			}
		}
		throw new IOException("No free port in 21000-32000");
	}

	/**
	 * Latencies, in microseconds.
	 *
	 * @param normal of every event but URGENT ones
	 * @param urgent of URGENT ones
	 */
	record Snapshot(Histogram normal, Histogram urgent) {

		static String describe(Histogram latencies) {
			return "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d events)".formatted(ms(latencies, 50),
					ms(latencies, 99), ms(latencies, 99.9), latencies.getMaxValue() / 1000.0,
					latencies.getTotalCount());
		}

		static double ms(Histogram latencies, double percentile) {
			return latencies.getValueAtPercentile(percentile) / 1000.0;
		}

	}

}
