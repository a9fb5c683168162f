package com.backoffice.notify.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.backoffice.notify.benchmarks.LoadClients;
import com.backoffice.notify.benchmarks.ProcessFigures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak ({@code -Psoak}): 10,000 browsers connected across both gateway replicas, and
 * steady traffic for 15 minutes, 100 requests a second to single admins and a mall-wide
 * broadcast every 5 minutes. Each service's heap after a full GC, threads and open files
 * are sampled along the way; midway, a client process holding 1,000 streams is killed -9,
 * and the gateways must let go of those streams. The samples go to
 * {@code target/reliability/soak.md}. {@code -Dnotify.soak.minutes} and
 * {@code -Dnotify.soak.clients} shorten it.
 */
@ExtendWith(Pipeline.Shared.class)
class SoakTests {

	private static final int CLIENTS = Integer.getInteger("notify.soak.clients", 10_000);

	private static final Duration LENGTH = Duration.ofMinutes(Long.getLong("notify.soak.minutes", 15));

	private static final int PER_PROCESS = 1_000;

	private static final int RATE = 100;

	private static final Duration BROADCAST_EVERY = Duration.ofMinutes(5);

	private static final List<String> SERVICES = List.of(Pipeline.ROUTER, Pipeline.STORE, Pipeline.GATEWAY_A,
			Pipeline.GATEWAY_B, Pipeline.MOBILE);

	/** How many broadcasts have been published. */
	private static long broadcasts;

	@Test
	void tenThousandClientsForFifteenMinutesLeakNothing(Pipeline pipeline) throws Exception {
		pipeline.directory(Directory.operators("bench", "soak-mall", CLIENTS));
		List<String> streams = List.of(pipeline.url(Pipeline.GATEWAY_A) + "/api/notifications/stream",
				pipeline.url(Pipeline.GATEWAY_B) + "/api/notifications/stream");
		List<Sample> samples = new ArrayList<>();
		try (LoadClients clients = LoadClients.start(pipeline.directory().resolve("soak-clients"), streams, CLIENTS,
				PER_PROCESS, true, Duration.ofMinutes(5))) {
			assertThat(clients.open()).as("streams open").isEqualTo(CLIENTS);
			AtomicLong toSurvivors = new AtomicLong();
			long began = System.nanoTime();
			// warm up, then the first sample is the baseline
			publish(pipeline, Duration.ofMinutes(1), toSurvivors, began);
			samples.add(Sample.take("start", pipeline, connections(pipeline)));
			Duration half = LENGTH.minusMinutes(1).dividedBy(2);
			publish(pipeline, half, toSurvivors, began);
			samples.add(Sample.take("midway", pipeline, connections(pipeline)));

			// the clients of one process vanish: killed -9, as a laptop closed mid-stream
			ProcessHandle.of(clients.pids().get(0)).ifPresent(ProcessHandle::destroyForcibly);
			long reclaimStarted = System.nanoTime();
			await("the gateways let go of the vanished clients' streams").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> connections(pipeline) == CLIENTS - PER_PROCESS);
			Duration reclaimed = Duration.ofNanos(System.nanoTime() - reclaimStarted);
			samples.add(Sample.take("vanished clients reclaimed", pipeline, connections(pipeline)));

			publish(pipeline, LENGTH.minusMinutes(1).minus(half), toSurvivors, began);
			await("every survivor has every notification addressed to it").atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> survivorsReceived(clients) >= toSurvivors.get());
			samples.add(Sample.take("end", pipeline, connections(pipeline)));
			write(pipeline, samples, toSurvivors.get(), survivorsReceived(clients), reclaimed);

			assertThat(survivorsReceived(clients)).as("received by the clients that stayed")
				.isEqualTo(toSurvivors.get());
			Sample start = samples.get(0);
			Sample end = samples.get(samples.size() - 1);
			for (String service : SERVICES) {
				Figures first = start.figures().get(service);
				Figures last = end.figures().get(service);
				assertThat(last.heapMiB()).as(service + ": heap after GC, MiB").isLessThan(first.heapMiB() * 1.25 + 16);
				assertThat(last.threads()).as(service + ": threads").isLessThanOrEqualTo(first.threads() + 8);
				assertThat(last.files()).as(service + ": open files").isLessThanOrEqualTo(first.files() + 16);
			}
			assertThat(end.connections()).isEqualTo(CLIENTS - PER_PROCESS);
		}
	}

	/**
	 * Publishes 100 requests a second, each to a random connected admin, and a mall-wide
	 * broadcast every 5 minutes of the soak, counting what is addressed to the admins of
	 * the client processes that stay (all but the first).
	 */
	private static void publish(Pipeline pipeline, Duration duration, AtomicLong toSurvivors, long began)
			throws InterruptedException {
		LoadClients.publishAt(RATE, duration, CLIENTS, (admins) -> {
			for (String admin : admins) {
				String eventId = "soak-" + UUID.randomUUID();
				pipeline.request(eventId, request("{\"adminIds\": [\"" + admin + "\"]}", eventId));
				if (Integer.parseInt(admin.substring("bench-".length())) >= PER_PROCESS) {
					toSurvivors.incrementAndGet();
				}
			}
			long elapsed = System.nanoTime() - began;
			long due = elapsed / BROADCAST_EVERY.toNanos();
			if (due > broadcasts) {
				broadcasts = due;
				String eventId = "soak-broadcast-" + due;
				pipeline.request(eventId, request("{\"mallIds\": [\"soak-mall\"]}", eventId));
				toSurvivors.addAndGet(CLIENTS - PER_PROCESS);
			}
		});
	}

	private static String request(String audience, String eventId) {
		return """
				{"type": "order.placed", "priority": "NORMAL", "audience": %s, "title": "Order %s", \
				"body": "1 item", "link": "/orders/1", "channels": ["WEB"]}""".formatted(audience, eventId);
	}

	private static long survivorsReceived(LoadClients clients) throws IOException {
		long received = 0;
		for (int process = 1; process < clients.pids().size(); process++) {
			received += clients.receivedBy(process);
		}
		return received;
	}

	private static long connections(Pipeline pipeline) {
		return (long) (pipeline.metric(Pipeline.GATEWAY_A, "notify.gateway.connections")
				+ pipeline.metric(Pipeline.GATEWAY_B, "notify.gateway.connections"));
	}

	private static void write(Pipeline pipeline, List<Sample> samples, long addressed, long received,
			Duration reclaimed) throws IOException {
		List<String> rows = new ArrayList<>();
		rows.add("%,d clients, %d min, %d requests/s and a mall-wide broadcast every %d min; %,d of %,d notifications "
			.formatted(CLIENTS, LENGTH.toMinutes(), RATE, BROADCAST_EVERY.toMinutes(), received, addressed)
				+ "addressed to the clients that stayed received; %,d vanished streams let go of in %.1f s"
					.formatted(PER_PROCESS, reclaimed.toMillis() / 1000.0));
		rows.add("");
		rows.add("| sample | streams | " + String.join(" | ", SERVICES) + " |");
		rows.add("|---|---|" + "---|".repeat(SERVICES.size()));
		for (Sample sample : samples) {
			rows.add("| %s | %,d | %s |".formatted(sample.label(), sample.connections(), String.join(" | ",
					SERVICES.stream().map((service) -> sample.figures().get(service).toString()).toList())));
		}
		rows.add("");
		rows.add("Each cell: heap used after a full GC (MiB) / live threads / open file descriptors.");
		Path out = Files.createDirectories(pipeline.directory().resolveSibling("reliability")).resolve("soak.md");
		Files.write(out, rows);
		rows.forEach((row) -> System.out.println("[soak] " + row));
	}

	/** One service's figures. */
	record Figures(double heapMiB, long threads, long files) {

		static Figures of(Pipeline pipeline, String service) throws IOException, InterruptedException {
			long pid = pipeline.pid(service);
			double heap = ProcessFigures.heapAfterGc(pid, pipeline.port(service)) / (1024 * 1024);
			long threads = Files.readAllLines(Path.of("/proc/" + pid + "/status"))
				.stream()
				.filter((line) -> line.startsWith("Threads:"))
				.mapToLong((line) -> Long.parseLong(line.substring("Threads:".length()).trim()))
				.findFirst()
				.orElse(-1);
			long files;
			try (Stream<Path> open = Files.list(Path.of("/proc/" + pid + "/fd"))) {
				files = open.count();
			}
			return new Figures(heap, threads, files);
		}

		@Override
		public String toString() {
			return "%.1f / %d / %d".formatted(this.heapMiB, this.threads, this.files);
		}

	}

	/** The figures of every service at one moment. */
	record Sample(String label, long connections, Map<String, Figures> figures) {

		static Sample take(String label, Pipeline pipeline, long connections) throws Exception {
			Map<String, Figures> figures = new LinkedHashMap<>();
			for (String service : SERVICES) {
				figures.put(service, Figures.of(pipeline, service));
			}
			return new Sample(label, connections, figures);
		}

	}

}
