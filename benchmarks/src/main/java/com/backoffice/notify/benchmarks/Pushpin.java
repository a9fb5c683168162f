package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushpin (Debian's {@code pushpin} package), the realtime push proxy, set up as its
 * documentation describes for SSE: a client's {@code GET /stream?adminId=} goes through
 * Pushpin to an origin (here, a JDK HTTP server in the benchmark's JVM) that answers with
 * GRIP headers holding the stream open on the admin's channel, with a keep-alive every 15
 * s as the gateway's heartbeat; events are published to Pushpin's HTTP control API, which
 * writes them to every stream held on the channel. Pushpin's proxy reaches the origin
 * through zurl, so that runs too, with its denial of loopback lifted.
 */
final class Pushpin implements AutoCloseable {

	/**
	 * Pushpin's own limit of 2,500 published messages a second, lifted (and its publish
	 * requests may carry 10 MB, not 1).
	 */
	private static final int MESSAGE_RATE = 200_000;

	private final HttpServer origin;

	private final List<Process> processes = new ArrayList<>();

	private final int port;

	private final int controlPort;

	/**
	 * HTTP/1.1, as Pushpin's control API speaks: the JDK client's default asks every
	 * request to upgrade to h2c.
	 */
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private long publishes;

	private long publishNanos;

	private Pushpin(HttpServer origin, int port, int controlPort) {
		this.origin = origin;
		this.port = port;
		this.controlPort = controlPort;
	}

	static boolean installed() {
		return Files.isExecutable(Path.of("/usr/bin/pushpin")) && Files.isExecutable(Path.of("/usr/bin/zurl"));
	}

	/**
	 * Starts the origin, zurl and Pushpin, and waits until Pushpin accepts streams.
	 * @param directory where its configuration, sockets and logs go
	 * @return the running Pushpin
	 */
	static Pushpin start(Path directory) throws IOException, InterruptedException {
		if (!installed()) {
			throw new IllegalStateException("Pushpin is not installed: apt-get install pushpin");
		}
		Path run = Files.createDirectories(directory.resolve("run"));
		Path logs = Files.createDirectories(directory.resolve("log"));
		HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
		origin.setExecutor(Executors.newFixedThreadPool(4));
		origin.createContext("/", (exchange) -> {
			String query = exchange.getRequestURI().getQuery();
			String admin = (query != null && query.startsWith("adminId=")) ? query.substring(8) : "nobody";
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.getResponseHeaders().set("Grip-Hold", "stream");
			exchange.getResponseHeaders().set("Grip-Channel", admin);
			exchange.getResponseHeaders().set("Grip-Keep-Alive", ":\\n\\n; format=cstring; timeout=15");
			byte[] hello = ": connected\n\n".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, hello.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(hello);
			}
		});
		origin.start();
		int port = LoadClients.serverPort();
		int controlPort = LoadClients.serverPort() + 1;
		Pushpin pushpin = new Pushpin(origin, port, controlPort);
		Files.writeString(directory.resolve("routes"), "* 127.0.0.1:" + origin.getAddress().getPort() + "\n");
		Files.writeString(directory.resolve("zurl.conf"), """
				[General]
				in_spec=ipc://%1$s/zurl-in
				in_stream_spec=ipc://%1$s/zurl-in-stream
				out_spec=ipc://%1$s/zurl-out
				in_req_spec=ipc://%1$s/zurl-req
				defpolicy=allow
				deny=
				max_open_requests=20000
				buffer_size=200000
				timeout=600
				in_hwm=20000
				out_hwm=20000
				""".formatted(run));
		String config = Files.readString(Path.of("/etc/pushpin/pushpin.conf"))
			.replaceFirst("(?m)^rundir=.*$", "rundir=" + run)
			.replaceFirst("(?m)^logdir=.*$", "logdir=" + logs)
			.replaceFirst("(?m)^http_port=.*$", "http_port=" + port)
			.replaceFirst("(?m)^routesfile=.*$", "routesfile=" + directory.resolve("routes"))
			.replaceFirst("(?m)^log_level=.*$", "log_level=1")
			.replaceFirst("(?m)^push_in_http_port=.*$", "push_in_http_port=" + controlPort)
			.replaceFirst("(?m)^message_rate=.*$", "message_rate=" + MESSAGE_RATE)
			.replaceFirst("(?m)^message_hwm=.*$", "message_hwm=" + MESSAGE_RATE)
			.replaceFirst("(?m)^push_in_http_max_body_size=.*$", "push_in_http_max_body_size=10000000")
			.replaceFirst("(?m)^\\[proxy\\]$", """
					[proxy]
					zurl_out_specs=ipc://%1$s/zurl-in
					zurl_out_stream_specs=ipc://%1$s/zurl-in-stream
					zurl_in_specs=ipc://%1$s/zurl-out""".formatted(run));
		Files.writeString(directory.resolve("pushpin.conf"), config);
		pushpin.processes
			.add(new ProcessBuilder("zurl", "--config=" + directory.resolve("zurl.conf")).redirectErrorStream(true)
				.redirectOutput(directory.resolve("zurl.log").toFile())
				.start());
		pushpin.processes.add(
				new ProcessBuilder("pushpin", "--config=" + directory.resolve("pushpin.conf")).redirectErrorStream(true)
					.redirectOutput(directory.resolve("pushpin.log").toFile())
					.start());
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!pushpin.accepts() && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		return pushpin;
	}

	private boolean accepts() {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.controlPort + "/publish/"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}"))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The stream URL template for the load clients.
	 * @return the URL, with {@code {admin}}
	 */
	String streamUrl() {
		return "http://127.0.0.1:" + this.port + "/stream?adminId={admin}";
	}

	/**
	 * Publishes events, each to its admin's channel, in one request to the control API.
	 * @param events SSE event data by admin
	 */
	void publish(List<Map.Entry<String, String>> events) {
		// a request of at most 200 items, well within the body size Pushpin accepts
		for (int from = 0; from < events.size(); from += 200) {
			publishRequest(events.subList(from, Math.min(events.size(), from + 200)));
		}
	}

	private void publishRequest(List<Map.Entry<String, String>> events) {
		List<Map<String, Object>> items = events.stream()
			.map((event) -> Map.<String, Object>of("channel", event.getKey(), "formats",
					Map.of("http-stream",
							Map.of("content", "event: notification\ndata: " + event.getValue() + "\n\n"))))
			.toList();
		long began = System.nanoTime();
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.controlPort + "/publish/"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(Map.of("items", items))))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Pushpin refused a publish: " + response.body());
			}
			this.publishes++;
			this.publishNanos += System.nanoTime() - began;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How its control API answered publishes so far.
	 * @return the count and mean time of publish requests
	 */
	String publishStatistics() {
		return "%,d publish requests, %.2f ms each on average".formatted(this.publishes,
				this.publishNanos / 1e6 / Math.max(1, this.publishes));
	}

	/**
	 * Every process of this Pushpin: the runner, condure, its proxy and handler, and
	 * zurl.
	 * @return their pids
	 */
	List<Long> pids() {
		return this.processes.stream()
			.flatMap((process) -> Stream.concat(Stream.of(process.toHandle()), process.descendants()))
			.map(ProcessHandle::pid)
			.toList();
	}

	@Override
	public void close() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
		this.origin.stop(0);
	}

}
