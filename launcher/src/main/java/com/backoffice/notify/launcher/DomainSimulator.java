package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;

/**
 * The domain services of the local run: a page, and {@code POST /publish} for the command
 * line, that publish realistic requests to {@code notification.requested.v1} as the
 * order, claim, inquiry, product, fraud-detection and Excel-export services would, to an
 * admin, a mall, a partner or everyone, one at a time or in a burst.
 */
final class DomainSimulator implements AutoCloseable {

	static final String TOPIC = "notification.requested.v1";

	static final int MAX_BURST = 10_000;

	static final int MAX_RATE = 5_000;

	private static final JsonMapper json = JsonMapper.builder().build();

	/** What the page offers: each seeded admin, their malls and partner, and everyone. */
	private static final Map<String, String> AUDIENCES = audiences();

	private static final String[] PRODUCTS = { "Linen shirt", "Wool cardigan", "Running shoes", "Leather tote",
			"Ceramic mug set", "Denim jacket" };

	private static final String[] CUSTOMERS = { "Kim Minji", "Lee Seojun", "Park Jiwoo", "Choi Yuna", "Jung Hoon" };

	private static final String[] QUESTIONS = { "When will my order ship?", "Can I change the delivery address?",
			"The size runs small, can I exchange it?", "Is this item back in stock soon?" };

	/** What the domain services publish. */
	enum Scenario {

		EXCEL_EXPORT("excel-export", "Excel export ready",
				(n) -> requestOf("excel.export.completed", "HIGH", "Your Excel export is ready",
						"orders-2026-11-" + n + ".xlsx (" + (200 + n % 5000) + " rows)", "/exports/" + n + "/download",
						Map.of("exportId", String.valueOf(n), "fileName", "orders-2026-11-" + n + ".xlsx"))),

		ORDER("order", "New order",
				(n) -> requestOf("order.placed", "NORMAL", "New order #" + n,
						pick(CUSTOMERS) + " ordered " + pick(PRODUCTS) + " · ₩"
								+ String.format("%,d", 9_000 + (n % 90) * 1_000),
						"/orders/" + n, Map.of("orderId", String.valueOf(n)))),

		CLAIM("claim", "Return or exchange claim",
				(n) -> requestOf("claim.raised", "HIGH", "Return requested for order #" + n,
						pick(CUSTOMERS) + ": " + pick(PRODUCTS) + " arrived damaged", "/claims/" + n,
						Map.of("claimId", String.valueOf(n), "orderId", String.valueOf(n)))),

		INQUIRY("inquiry", "1:1 inquiry",
				(n) -> requestOf("inquiry.received", "NORMAL", "New 1:1 inquiry #" + n,
						pick(CUSTOMERS) + " asks: " + pick(QUESTIONS), "/inquiries/" + n,
						Map.of("inquiryId", String.valueOf(n)))),

		PRODUCT_APPROVAL("product-approval", "Product approved",
				(n) -> requestOf("product.approved", "NORMAL", "Product approved: " + pick(PRODUCTS),
						"It is on sale from today, product #" + n, "/products/" + n,
						Map.of("productId", String.valueOf(n)))),

		PRODUCT_INQUIRY("product-inquiry", "Product inquiry",
				(n) -> requestOf("product.inquiry.received", "NORMAL", "Question about " + pick(PRODUCTS),
						pick(CUSTOMERS) + " asks: " + pick(QUESTIONS), "/products/" + n + "/inquiries",
						Map.of("productId", String.valueOf(n)))),

		FRAUD("fraud", "Fraud alert (URGENT)",
				(n) -> requestOf("fraud.suspected", "URGENT", "Suspicious order #" + n,
						"Five cards tried in ten minutes from one device; the order is on hold", "/fraud/" + n,
						Map.of("orderId", String.valueOf(n), "score", "0.97")));

		private final String id;

		private final String label;

		private final Function<Long, ObjectNode> request;

		Scenario(String id, String label, Function<Long, ObjectNode> request) {
			this.id = id;
			this.label = label;
			this.request = request;
		}

		String id() {
			return this.id;
		}

		ObjectNode request(long number) {
			return this.request.apply(number);
		}

		static Scenario of(String id) {
			return Arrays.stream(values())
				.filter((scenario) -> scenario.id.equals(id))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "': one of "
						+ Arrays.stream(values()).map(Scenario::id).toList() + " or 'mixed'"));
		}

		static Scenario random() {
			Scenario[] all = values();
			return all[ThreadLocalRandom.current().nextInt(all.length)];
		}

	}

	private final HttpServer server;

	private final ExecutorService handlers = Executors.newFixedThreadPool(2);

	private final KafkaProducer<String, String> producer;

	private final ExecutorService bursts = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "simulator-burst");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong numbers = new AtomicLong(10_240);

	private DomainSimulator(HttpServer server, KafkaProducer<String, String> producer) {
		this.server = server;
		this.producer = producer;
	}

	/**
	 * Starts the simulator on loopback.
	 * @param port the port, 0 for any free one
	 * @param bootstrapServers the Kafka to publish to
	 * @return the running simulator
	 */
	static DomainSimulator start(int port, String bootstrapServers) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					bootstrapServers, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"),
					new StringSerializer(), new StringSerializer());
			DomainSimulator simulator = new DomainSimulator(server, producer);
			server.createContext("/", simulator::handle);
			server.setExecutor(simulator.handlers);
			server.start();
			return simulator;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the domain simulator on port " + port, ex);
		}
	}

	private static Map<String, String> audiences() {
		Map<String, String> audiences = new LinkedHashMap<>();
		for (SeededAdmins.Admin admin : SeededAdmins.ADMINS) {
			audiences.put("admin:" + admin.id(), "Admin " + admin.id());
		}
		audiences.put("mall:m-1", "Every admin of mall m-1");
		audiences.put("mall:m-2", "Every admin of mall m-2");
		audiences.put("partner:p-1", "Every admin of partner p-1");
		audiences.put("all", "Everyone");
		return audiences;
	}

	URI uri() {
		return URI.create("http://localhost:" + this.server.getAddress().getPort());
	}

	/**
	 * Publishes requests now, each with its own {@code ce_id}.
	 * @param scenario what happened, or {@code null} for a random one each time
	 * @param audience {@code admin:<id>}, {@code mall:<id>}, {@code partner:<id>} or
	 * {@code all}
	 * @param count how many
	 * @return what was published
	 */
	List<Published> publish(Scenario scenario, String audience, int count) {
		ObjectNode to = audience(audience);
		List<Published> published = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			published.add(send((scenario != null) ? scenario : Scenario.random(), to));
		}
		this.producer.flush();
		return published;
	}

	/**
	 * A request on its way.
	 *
	 * @param id its {@code ce_id}
	 * @param title its title
	 * @param link its link
	 */
	record Published(String id, String title, String link) {
	}

	private Published send(Scenario scenario, ObjectNode audience) {
		ObjectNode request = scenario.request(this.numbers.incrementAndGet());
		request.set("audience", audience.deepCopy());
		String id = UUID.randomUUID().toString();
		this.producer
			.send(KafkaTestClient.cloudEventRecord(TOPIC, id, request.toString(), id, "/simulator/" + scenario.id()));
		return new Published(id, request.get("title").asString(), request.get("link").asString());
	}

	static ObjectNode audience(String audience) {
		ObjectNode to = json.createObjectNode();
		String[] kindAndId = audience.split(":", 2);
		switch (kindAndId[0]) {
			case "all" -> to.put("all", true);
			case "admin" -> to.putArray("adminIds").add(id(kindAndId, audience));
			case "mall" -> to.putArray("mallIds").add(id(kindAndId, audience));
			case "partner" -> to.putArray("partnerIds").add(id(kindAndId, audience));
			default -> throw new IllegalArgumentException(
					"unknown audience '" + audience + "': admin:<id>, mall:<id>, partner:<id> or all");
		}
		return to;
	}

	private static String id(String[] kindAndId, String audience) {
		if (kindAndId.length < 2 || kindAndId[1].isBlank() || kindAndId[1].length() > 64) {
			throw new IllegalArgumentException("audience '" + audience + "' needs an id of 1 to 64 characters");
		}
		return kindAndId[1];
	}

	private static ObjectNode requestOf(String type, String priority, String title, String body, String link,
			Map<String, String> data) {
		ObjectNode request = json.createObjectNode();
		request.put("type", type).put("priority", priority).put("title", title).put("body", body).put("link", link);
		ObjectNode fields = request.putObject("data");
		data.forEach(fields::put);
		ArrayNode channels = request.putArray("channels").add("WEB");
		if (priority.equals("URGENT") || priority.equals("HIGH")) {
			channels.add("MOBILE");
		}
		return request;
	}

	private static String pick(String[] values) {
		return values[ThreadLocalRandom.current().nextInt(values.length)];
	}

	// ---- HTTP ----

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (method.equals("GET") && path.equals("/")) {
				try (InputStream page = DomainSimulator.class.getResourceAsStream("/simulator.html")) {
					respond(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
				}
			}
			else if (method.equals("GET") && path.equals("/options")) {
				respond(exchange, 200, "application/json", options().getBytes(StandardCharsets.UTF_8));
			}
			else if (method.equals("POST") && path.equals("/publish")) {
				publish(exchange);
			}
			else {
				problem(exchange, 404, "Not Found", "GET /, GET /options or POST /publish?scenario=..&to=..");
			}
		}
	}

	private String options() {
		ObjectNode options = json.createObjectNode();
		ArrayNode scenarios = options.putArray("scenarios");
		for (Scenario scenario : Scenario.values()) {
			scenarios.addObject().put("id", scenario.id).put("label", scenario.label);
		}
		ArrayNode audiences = options.putArray("audiences");
		AUDIENCES.forEach((id, label) -> audiences.addObject().put("id", id).put("label", label));
		options.put("maxBurst", MAX_BURST).put("maxRate", MAX_RATE);
		return options.toString();
	}

	private void publish(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		Scenario scenario;
		String audience = query.getOrDefault("to", "");
		int count;
		int perSecond;
		try {
			String which = query.getOrDefault("scenario", "mixed");
			scenario = which.equals("mixed") ? null : Scenario.of(which);
			audience(audience);
			count = number(query, "count", 1, 1, MAX_BURST);
			perSecond = number(query, "perSecond", 200, 1, MAX_RATE);
		}
		catch (IllegalArgumentException ex) {
			problem(exchange, 400, "Bad Request", ex.getMessage());
			return;
		}
		if (count == 1) {
			List<Published> published = publish(scenario, audience, 1);
			System.out.println("[simulator] published " + describe(scenario) + " to " + audience);
			respond(exchange, 200, "application/json",
					json.createObjectNode()
						.put("published", 1)
						.put("id", published.get(0).id())
						.toString()
						.getBytes(StandardCharsets.UTF_8));
			return;
		}
		this.bursts.execute(() -> burst(scenario, audience, count, perSecond));
		respond(exchange, 202, "application/json",
				json.createObjectNode()
					.put("accepted", count)
					.put("perSecond", perSecond)
					.put("seconds", Math.ceil(count / (double) perSecond))
					.toString()
					.getBytes(StandardCharsets.UTF_8));
	}

	private void burst(Scenario scenario, String audience, int count, int perSecond) {
		long begin = System.nanoTime();
		int perTick = Math.max(1, perSecond / 20);
		int sent = 0;
		try {
			while (sent < count) {
				int now = Math.min(perTick, count - sent);
				publish(scenario, audience, now);
				sent += now;
				long due = begin + TimeUnit.SECONDS.toNanos(sent) / perSecond;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
			}
			System.out.printf("[simulator] burst: %,d %s to %s in %.1f s%n", count, describe(scenario), audience,
					Duration.ofNanos(System.nanoTime() - begin).toMillis() / 1000.0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			System.err.println("[simulator] burst stopped after " + sent + ": " + ex.getMessage());
		}
	}

	private static String describe(Scenario scenario) {
		return (scenario != null) ? scenario.id() : "mixed";
	}

	private static int number(Map<String, String> query, String name, int fallback, int min, int max) {
		String value = query.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// said below
		}
		throw new IllegalArgumentException(
				"'" + name + "' must be a whole number from " + min + " to " + max + ", not '" + value + "'");
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] nameAndValue = pair.split("=", 2);
				query.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
						(nameAndValue.length > 1) ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
			}
		}
		return query;
	}

	private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
		String body = json.createObjectNode()
			.put("type", "about:blank")
			.put("title", title)
			.put("status", status)
			.put("detail", detail)
			.put("instance", exchange.getRequestURI().getPath())
			.toString();
		respond(exchange, status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8));
	}

	private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.handlers.shutdownNow();
		this.bursts.shutdownNow();
		this.producer.close(Duration.ofSeconds(5));
	}

}
