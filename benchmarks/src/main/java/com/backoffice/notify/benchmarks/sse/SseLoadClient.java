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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A load client process: holds many SSE connections (one per admin, or several), from a
 * source address of its own in 127.0.0.0/8, records the latency from each notification's
 * {@code createdAt} to its arrival, and talks to the benchmark through files in a shared
 * directory. It stops by itself when the benchmark says so, or after an hour.
 * <p>
 * Arguments: {@code directory name url-templates source-address first-admin admins}.
 * Every admin gets one stream from each of the comma-separated URL templates (one per
 * replica); a template's {@code {admin}} is replaced by the admin id (the baseline takes
 * it as a parameter), otherwise the admin's bearer token is sent.
 */
public final class SseLoadClient {

	private static final Duration LIFETIME = Duration.ofHours(1);

	private final AtomicInteger connected = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicLong received = new AtomicLong();

	private volatile boolean stopping;

	private final Recorder latencies = new Recorder(3_600_000_000L, 3);

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
				String admin = admin(firstAdmin + i);
				String token = tokens.get(i);
				client.open(http, urlTemplate.replace("{admin}", admin), bearer ? token : null);
				if (i % 200 == 199) {
					// a ramp of 2,000 streams a second per client process: a connect
					// storm is another benchmark
					Thread.sleep(100);
				}
			}
		}
		client.run(directory, name, admins * urlTemplates.size());
	}

	/**
	 * Opens a stream and, as EventSource does, opens it again 3 to 5 s after it failed or
	 * ended.
	 */
	private void open(HttpClient http, String url, String token) {
		StringBuilder pending = new StringBuilder();
		AtomicInteger open = new AtomicInteger();
		http.headers((headers) -> {
			headers.set("Accept", "text/event-stream");
			if (token != null) {
				headers.set("Authorization", "Bearer " + token);
			}
		}).get().uri(url).response((response, body) -> {
			if (response.status().code() != 200) {
				return Flux.error(new IllegalStateException("HTTP " + response.status().code()));
			}
			open.set(1);
			this.connected.incrementAndGet();
			return body.asString().doOnNext((chunk) -> read(pending, chunk));
		}).doFinally((signal) -> {
			this.connected.addAndGet(-open.getAndSet(0));
			if (!this.stopping) {
				Mono.delay(Duration.ofMillis(3_000 + ThreadLocalRandom.current().nextInt(2_000)))
					.subscribe((tick) -> open(http, url, token));
			}
		}).subscribe(null, (error) -> this.failed.incrementAndGet());
	}

	private void read(StringBuilder pending, String chunk) {
		pending.append(chunk);
		int end;
		while ((end = pending.indexOf("\n")) >= 0) {
			String line = pending.substring(0, end);
			pending.delete(0, end + 1);
			if (line.startsWith("data:")) {
				int at = line.indexOf("\"createdAt\":\"");
				if (at >= 0) {
					int start = at + 13;
					Instant created = Instant.parse(line.substring(start, line.indexOf('"', start)));
					long micros = Duration.between(created, Instant.now()).toNanos() / 1000;
					this.latencies.recordValue(Math.max(0, micros));
					this.received.incrementAndGet();
				}
			}
		}
	}

	/**
	 * Reports its state ({@code open failed-attempts received streams}) to
	 * {@code <name>.status} every 100 ms, writes a latency snapshot
	 * {@code <name>.<label>.hgrm} whenever {@code snapshot-<label>} appears, and exits
	 * when {@code stop} appears.
	 */
	private void run(Path directory, String name, int connections) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + LIFETIME.toNanos();
		List<String> taken = new ArrayList<>();
		Histogram interval = null;
		while (!Files.exists(directory.resolve("stop")) && System.nanoTime() < deadline) {
			Files.writeString(directory.resolve(name + ".status.tmp"),
					this.connected.get() + " " + this.failed.get() + " " + this.received.get() + " " + connections);
			Files.move(directory.resolve(name + ".status.tmp"), directory.resolve(name + ".status"),
					StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			try (var snapshots = Files.newDirectoryStream(directory, "snapshot-*")) {
				for (Path snapshot : snapshots) {
					String label = snapshot.getFileName().toString().substring("snapshot-".length());
					if (!taken.contains(label)) {
						taken.add(label);
						interval = this.latencies.getIntervalHistogram(interval);
						ByteBuffer buffer = ByteBuffer.allocate(interval.getNeededByteBufferCapacity());
						int length = interval.encodeIntoCompressedByteBuffer(buffer);
						Files.writeString(directory.resolve(name + "." + label + ".hgrm"),
								Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
					}
				}
			}
			Thread.sleep(100);
		}
		this.stopping = true;
		System.exit(0);
	}

	/**
	 * The admin ids the benchmarks use.
	 * @param i the admin's number
	 * @return its id
	 */
	public static String admin(int i) {
		return "bench-" + i;
	}

}
