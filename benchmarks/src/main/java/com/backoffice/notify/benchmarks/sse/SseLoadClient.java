package com.backoffice.notify.benchmarks.sse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.backoffice.notify.infrastructure.DevTokens;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A load client process: holds many SSE connections (one per admin, or several), from a
 * source address of its own in 127.0.0.0/8, records the latency of each notification to
 * its arrival (from the {@code publishedAt} its domain publisher put in its data, else
 * from its {@code createdAt}; URGENT ones apart), and talks to the benchmark through
 * files in a shared directory. It stops by itself when the benchmark says so, or after an
 * hour.
 * <p>
 * Arguments: {@code directory name url-templates source-address first-admin admins}.
 * Every admin gets one stream from each of the comma-separated URL templates (one per
 * replica); a template's {@code {admin}} is replaced by the admin id (the baseline and
 * Pushpin take it as a parameter), otherwise the admin's bearer token is sent. Like
 * EventSource, a stream sends the id of the last event it got when it connects again.
 */
public final class SseLoadClient {

	private static final Duration LIFETIME = Duration.ofHours(1);

	private final AtomicInteger connected = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong resets = new AtomicLong();

	private final AtomicLong urgent = new AtomicLong();

	private final List<Stream> streams = new ArrayList<>();

	private volatile boolean stopping;

	/** Streams that end stay closed until the benchmark says reconnect. */
	private volatile boolean dropped;

	private final Recorder latencies = new Recorder(3_600_000_000L, 3);

	private final Recorder urgentLatencies = new Recorder(3_600_000_000L, 3);

	private SseLoadClient() {
	}

	public static void main(String[] args) throws Exception {
		Path directory = Path.of(args[0]);
		String name = args[1];
		List<String> urlTemplates = List.of(args[2].split(","));
		String sourceAddress = args[3];
		int firstAdmin = Integer.parseInt(args[4]);
		int admins = Integer.parseInt(args[5]);
		boolean bearer = !urlTemplates.get(0).contains("{admin}");
		List<String> tokens = IntStream.range(firstAdmin, firstAdmin + admins)
			.parallel()
			.mapToObj((i) -> bearer ? DevTokens.forAdmin(admin(i), LIFETIME.plusHours(1)) : "")
			.toList();
		SseLoadClient client = new SseLoadClient();
		HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
			.runOn(LoopResources.create("sse-client", 2, true))
			.bindAddress(() -> new InetSocketAddress(sourceAddress, 0))
			.responseTimeout(Duration.ofHours(2));
		for (String urlTemplate : urlTemplates) {
			for (int i = 0; i < admins; i++) {
				Stream stream = new Stream(http, urlTemplate.replace("{admin}", admin(firstAdmin + i)),
						bearer ? tokens.get(i) : null);
				client.streams.add(stream);
				client.open(stream);
				if (i % 200 == 199) {
					// a ramp of 2,000 streams a second per client process: the
					// reconnect storm is another scenario
					Thread.sleep(100);
				}
			}
		}
		client.run(directory, name, admins * urlTemplates.size());
	}

	/**
	 * Opens a stream and, as EventSource does, opens it again 3 to 5 s after it failed or
	 * ended, unless the benchmark dropped it.
	 */
	private void open(Stream stream) {
		StringBuilder pending = new StringBuilder();
		AtomicInteger open = new AtomicInteger();
		String lastEventId = stream.lastEventId;
		stream.connection = stream.http.headers((headers) -> {
			headers.set("Accept", "text/event-stream");
			if (stream.token != null) {
				headers.set("Authorization", "Bearer " + stream.token);
			}
			if (lastEventId != null) {
				headers.set("Last-Event-ID", lastEventId);
			}
		}).get().uri(stream.url).response((response, body) -> {
			if (response.status().code() != 200) {
				return Flux.error(new IllegalStateException("HTTP " + response.status().code()));
			}
			open.set(1);
			this.connected.incrementAndGet();
			return body.asString().doOnNext((chunk) -> read(stream, pending, chunk));
		}).doFinally((signal) -> {
			this.connected.addAndGet(-open.getAndSet(0));
			if (!this.stopping && !this.dropped) {
				Mono.delay(Duration.ofMillis(3_000 + ThreadLocalRandom.current().nextInt(2_000)))
					.subscribe((tick) -> open(stream));
			}
		}).subscribe(null, (error) -> {
			if (this.failed.incrementAndGet() <= 5) {
				System.err.println("A stream failed: " + error);
			}
		});
	}

	private void read(Stream stream, StringBuilder pending, String chunk) {
		pending.append(chunk);
		int end;
		while ((end = pending.indexOf("\n")) >= 0) {
			String line = pending.substring(0, end);
			pending.delete(0, end + 1);
			if (line.startsWith("id:")) {
				stream.lastEventId = line.substring(3).trim();
			}
			else if (line.equals("event: reset")) {
				this.resets.incrementAndGet();
			}
			else if (line.startsWith("data:")) {
				Instant from = instant(line, "\"publishedAt\":\"");
				if (from == null) {
					from = instant(line, "\"createdAt\":\"");
				}
				if (from != null) {
					long micros = Math.max(0, Duration.between(from, Instant.now()).toNanos() / 1000);
					if (line.contains("\"priority\":\"URGENT\"")) {
						this.urgentLatencies.recordValue(micros);
						this.urgent.incrementAndGet();
					}
					else {
						this.latencies.recordValue(micros);
					}
					this.received.incrementAndGet();
				}
			}
		}
	}

	private static Instant instant(String line, String field) {
		int at = line.indexOf(field);
		if (at < 0) {
			return null;
		}
		int start = at + field.length();
		return Instant.parse(line.substring(start, line.indexOf('"', start)));
	}

	/**
	 * Reports its state ({@code open failed-attempts received streams resets urgent}) to
	 * {@code <name>.status} every 100 ms, and acts on what the benchmark writes:
	 * {@code snapshot-<label>} writes the latencies since the last snapshot to
	 * {@code <name>.<label>.hgrm} (URGENT ones to {@code <name>.<label>.urgent.hgrm}),
	 * {@code drop-<label>} closes every stream and keeps it closed,
	 * {@code reconnect-<label>} opens every stream again at once, with its last event id,
	 * and {@code stop} ends the process.
	 */
	private void run(Path directory, String name, int connections) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + LIFETIME.toNanos();
		List<String> taken = new ArrayList<>();
		Histogram interval = null;
		Histogram urgentInterval = null;
		while (!Files.exists(directory.resolve("stop")) && System.nanoTime() < deadline) {
			Files.writeString(directory.resolve(name + ".status.tmp"),
					this.connected.get() + " " + this.failed.get() + " " + this.received.get() + " " + connections + " "
							+ this.resets.get() + " " + this.urgent.get());
			Files.move(directory.resolve(name + ".status.tmp"), directory.resolve(name + ".status"),
					StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			for (Path command : commands(directory, taken)) {
				String file = command.getFileName().toString();
				String label = file.substring(file.indexOf('-') + 1);
				if (file.startsWith("snapshot-")) {
					interval = this.latencies.getIntervalHistogram(interval);
					urgentInterval = this.urgentLatencies.getIntervalHistogram(urgentInterval);
					write(interval, directory.resolve(name + "." + label + ".hgrm"));
					write(urgentInterval, directory.resolve(name + "." + label + ".urgent.hgrm"));
				}
				else if (file.startsWith("drop-")) {
					this.dropped = true;
					this.streams.forEach((stream) -> stream.connection.dispose());
				}
				else {
					this.dropped = false;
					this.streams.forEach(this::open);
				}
			}
			Thread.sleep(100);
		}
		this.stopping = true;
		System.exit(0);
	}

	private static List<Path> commands(Path directory, List<String> taken) throws IOException {
		List<Path> commands = new ArrayList<>();
		try (var files = Files.newDirectoryStream(directory, "{snapshot,drop,reconnect}-*")) {
			for (Path file : files) {
				if (!taken.contains(file.getFileName().toString())) {
					taken.add(file.getFileName().toString());
					commands.add(file);
				}
			}
		}
		return commands;
	}

	private static void write(Histogram histogram, Path file) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		Path partial = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(partial, Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * The admin ids the benchmarks use.
	 * @param i the admin's number
	 * @return its id
	 */
	public static String admin(int i) {
		return "bench-" + i;
	}

	/**
	 * One stream: where it goes, and the id of the last event it got.
	 */
	private static final class Stream {

		private final HttpClient http;

		private final String url;

		private final String token;

		private volatile String lastEventId;

		private volatile Disposable connection;

		Stream(HttpClient http, String url, String token) {
			this.http = http;
			this.url = url;
			this.token = token;
		}

	}

}
