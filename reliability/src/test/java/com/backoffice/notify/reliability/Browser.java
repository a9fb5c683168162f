package com.backoffice.notify.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.backoffice.notify.infrastructure.DevTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An admin's browser tab as the console runs it: an EventSource on the gateway's stream
 * that reconnects whenever the stream ends or fails, with the {@code Last-Event-ID} of
 * the last event it got, to whichever gateway replica answers (a load balancer's job). It
 * counts every notification it receives, by event id, so that a duplicate shows, and the
 * {@code reset}s it was told, after which the console reloads the timeline.
 */
final class Browser implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration RETRY = Duration.ofMillis(250);

	private final String admin;

	private final List<Integer> gateways;

	private final HttpClient http;

	private final String token;

	/** Each notification received, by its request's event id, and how many times. */
	final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	/** The last copy of each notification received, by its request's event id. */
	final Map<String, JsonNode> notifications = new ConcurrentHashMap<>();

	/** Notifications that reached this admin but were addressed to another. */
	final List<String> strangers = new java.util.concurrent.CopyOnWriteArrayList<>();

	final AtomicInteger resets = new AtomicInteger();

	final AtomicInteger connects = new AtomicInteger();

	private volatile String lastEventId;

	private volatile int gateway;

	private volatile boolean open;

	private volatile boolean closed;

	private volatile InputStream body;

	private final ScheduledExecutorService reader;

	Browser(String admin, List<Integer> gateways, int preferred, HttpClient http) {
		this.admin = admin;
		this.gateways = gateways;
		this.gateway = preferred;
		this.http = http;
		this.token = DevTokens.forAdmin(admin, Duration.ofHours(2));
		this.reader = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "browser-" + admin);
			thread.setDaemon(true);
			return thread;
		});
		this.reader.execute(this::connect);
	}

	String admin() {
		return this.admin;
	}

	boolean isOpen() {
		return this.open;
	}

	int gatewayPort() {
		return this.gateways.get(this.gateway);
	}

	int times(String eventId) {
		AtomicInteger times = this.received.get(eventId);
		return (times != null) ? times.get() : 0;
	}

	/**
	 * One connection, until it ends or fails; then the next, {@link #RETRY} later, as an
	 * EventSource retries.
	 */
	private void connect() {
		if (this.closed) {
			return;
		}
		try {
			stream();
		}
		catch (IOException ex) {
			// the replica is gone or refused: the load balancer sends the next try
			// elsewhere
			this.gateway = (this.gateway + 1) % this.gateways.size();
		}
		catch (InterruptedException ex) {
			return;
		}
		this.open = false;
		if (!this.closed) {
			this.reader.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void stream() throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort() + "/api/notifications/stream"))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "text/event-stream");
		if (this.lastEventId != null) {
			request.header("Last-Event-ID", this.lastEventId);
		}
		HttpResponse<InputStream> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		this.body = response.body();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
			if (response.statusCode() != 200) {
				throw new IOException("stream answered " + response.statusCode());
			}
			this.connects.incrementAndGet();
			String id = null;
			String event = null;
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null && !this.closed; line = lines.readLine()) {
				this.open = true;
				if (line.isEmpty()) {
					dispatch(id, event, data.toString());
					id = null;
					event = null;
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
				}
			}
		}
	}

	private void dispatch(String id, String event, String data) {
		if (id != null) {
			this.lastEventId = id;
		}
		if ("reset".equals(event)) {
			this.resets.incrementAndGet();
		}
		else if ("notification".equals(event)) {
			JsonNode notification = JSON.readTree(data);
			if (!this.admin.equals(notification.path("recipientId").asString())) {
				this.strangers.add(notification.path("eventId").asString());
			}
			this.notifications.put(notification.path("eventId").asString(), notification);
			this.received.computeIfAbsent(notification.path("eventId").asString(), (key) -> new AtomicInteger())
				.incrementAndGet();
		}
	}

	/** Drops the connection, as a network failure would; the browser then reconnects. */
	void drop() throws IOException {
		InputStream current = this.body;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		drop();
		this.reader.shutdownNow();
	}

}
