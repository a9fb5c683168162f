package com.backoffice.notify.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Firebase Cloud Messaging on loopback, for tests, benchmarks and the
 * local run: it speaks the FCM HTTP v1 {@code POST /v1/projects/{project}/messages:send}
 * protocol, so the real firebase-admin client talks to it unchanged. It records every
 * request and answers as FCM would: a message name, or an error in FCM's format (the
 * canonical status and the {@code FcmError} detail firebase-admin reads its
 * {@code MessagingErrorCode} from). It refuses what FCM refuses on its own (no bearer
 * token, no recipient, a {@code data} and {@code notification} payload over 4096 bytes, a
 * malformed Android TTL); errors for chosen tokens are set with {@link #answer}.
 */
public final class FakeFcm implements AutoCloseable {

	/** FCM's limit on a message's payload. */
	public static final int MAX_PAYLOAD_BYTES = 4096;

	/** How many requests are kept for {@link #requests()}; the counts go on beyond. */
	private static final int RECORDED = 200_000;

	private static final Logger logger = LoggerFactory.getLogger(FakeFcm.class);

	private static final Pattern SEND = Pattern.compile("/v1/projects/([^/]+)/messages:send");

	private static final Pattern TTL = Pattern.compile("\\d{1,11}(\\.\\d{1,9})?s");

	private final HttpServer server;

	private final ExecutorService executor;

	private final boolean log;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

	private final Queue<Request> recorded = new ConcurrentLinkedQueue<>();

	private final AtomicInteger recordedCount = new AtomicInteger();

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong names = new AtomicLong();

	private FakeFcm(HttpServer server, ExecutorService executor, boolean log) {
		this.server = server;
		this.executor = executor;
		this.log = log;
	}

	/**
	 * Starts the server on loopback.
	 * @param port the port, or 0 for any free one
	 * @param log whether to log each message it is sent, as the local run does to show
	 * what would have reached a phone
	 * @return the running server
	 */
	public static FakeFcm start(int port, boolean log) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
			ExecutorService executor = Executors.newFixedThreadPool(8, (task) -> {
				Thread thread = new Thread(task, "fake-fcm");
				thread.setDaemon(true);
				return thread;
			});
			FakeFcm fcm = new FakeFcm(server, executor, log);
			server.createContext("/", fcm::handle);
			server.setExecutor(executor);
			server.start();
			return fcm;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The fake FCM server did not start on port " + port, ex);
		}
	}

	/**
	 * Returns where the server listens, to use in place of
	 * {@code https://fcm.googleapis.com}.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Sets how the next requests for a token are answered, one answer per request, in
	 * order; once they are used up the token's messages are accepted again.
	 * @param token the registration token
	 * @param sequence the answers
	 */
	public void answer(String token, Answer... sequence) {
		this.answers.computeIfAbsent(token, (key) -> new ArrayDeque<>()).addAll(List.of(sequence));
	}

	/**
	 * Answers every request for a token with the same error, until {@link #clear()}.
	 * @param token the registration token
	 * @param answer the error
	 */
	public void answerAlways(String token, Answer answer) {
		answer(token, answer.forever());
	}

	/**
	 * Returns the requests received, in the order they arrived (the first 200,000).
	 * @return the requests, answered with success or not
	 */
	public List<Request> requests() {
		return List.copyOf(this.recorded);
	}

	/**
	 * Returns the requests received for one token, in order.
	 * @param token the registration token
	 * @return its requests
	 */
	public List<Request> requestsFor(String token) {
		return this.recorded.stream().filter((request) -> token.equals(request.token())).toList();
	}

	/**
	 * Returns the messages accepted for one token, in order.
	 * @param token the registration token
	 * @return the accepted messages
	 */
	public List<Request> deliveredTo(String token) {
		return requestsFor(token).stream().filter(Request::accepted).toList();
	}

	/**
	 * Returns how many messages were accepted since the start or the last
	 * {@link #clear()}.
	 * @return the count
	 */
	public long deliveredCount() {
		return this.delivered.get();
	}

	/**
	 * Forgets the requests and the chosen answers.
	 */
	public void clear() {
		this.answers.clear();
		this.recorded.clear();
		this.recordedCount.set(0);
		this.delivered.set(0);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			byte[] content = body.readAllBytes();
			Matcher send = SEND.matcher(exchange.getRequestURI().getPath());
			if (!"POST".equals(exchange.getRequestMethod()) || !send.matches()) {
				respond(exchange, Answer.error(404, "NOT_FOUND", null,
						"No such method: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()),
						null);
				return;
			}
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization == null || !authorization.startsWith("Bearer ")) {
				respond(exchange, Answer.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR",
						"Request is missing required authentication credential."), null);
				return;
			}
			JsonNode message;
			try {
				message = this.json.readTree(content).path("message");
			}
			catch (JacksonException ex) {
				respond(exchange, Answer.invalidArgument("Invalid JSON payload received. " + ex.getOriginalMessage()),
						null);
				return;
			}
			String token = message.path("token").asString(null);
			Answer answer = (token != null) ? validate(message)
					: Answer.invalidArgument("Recipient of the message is not set.");
			if (answer == null) {
				answer = next(token);
			}
			Request request = new Request(send.group(1), token, message, answer.status(), answer.errorCode(),
					Instant.now());
			if (this.recordedCount.incrementAndGet() <= RECORDED) {
				this.recorded.add(request);
			}
			if (request.accepted()) {
				this.delivered.incrementAndGet();
				if (this.log) {
					logger.info("FCM push to {}...: [{}] {} {}", token.substring(0, Math.min(12, token.length())),
							message.path("android").path("priority").asString(""),
							message.path("notification").path("title").asString(""),
							message.path("data").path("link").asString(""));
				}
			}
			respond(exchange, answer, send.group(1));
		}
	}

	private Answer validate(JsonNode message) {
		int payload = this.json.writeValueAsBytes(message.path("data")).length
				+ this.json.writeValueAsBytes(message.path("notification")).length;
		if (payload > MAX_PAYLOAD_BYTES) {
			return Answer
				.invalidArgument("Message is too big: " + payload + " bytes, the limit is " + MAX_PAYLOAD_BYTES);
		}
		String ttl = message.path("android").path("ttl").asString(null);
		if (ttl != null && !TTL.matcher(ttl).matches()) {
			return Answer.invalidArgument(
					"Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), \"" + ttl
							+ "\"");
		}
		return null;
	}

	private Answer next(String token) {
		Deque<Answer> chosen = this.answers.get(token);
		if (chosen != null) {
			synchronized (chosen) {
				Answer answer = chosen.peekFirst();
				if (answer != null) {
					if (!answer.repeats()) {
						chosen.removeFirst();
					}
					return answer;
				}
			}
		}
		return Answer.OK;
	}

	private void respond(HttpExchange exchange, Answer answer, String project) throws IOException {
		ObjectNode body = this.json.createObjectNode();
		if (answer.status() == 200) {
			body.put("name", "projects/" + project + "/messages/" + this.names.incrementAndGet());
		}
		else {
			ObjectNode error = body.putObject("error");
			error.put("code", answer.status());
			error.put("message", answer.message());
			error.put("status", answer.canonical());
			if (answer.errorCode() != null) {
				error.putArray("details")
					.addObject()
					.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
					.put("errorCode", answer.errorCode());
			}
			if (answer.tokenViolation()) {
				error.withArray("details")
					.addObject()
					.put("@type", "type.googleapis.com/google.rpc.BadRequest")
					.putArray("fieldViolations")
					.addObject()
					.put("field", "message.token")
					.put("description", answer.message());
			}
			if (answer.retryAfter() != null) {
				exchange.getResponseHeaders().set("Retry-After", String.valueOf(answer.retryAfter().toSeconds()));
			}
		}
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
		exchange.sendResponseHeaders(answer.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * One request as the server received it.
	 *
	 * @param project the Firebase project in the path
	 * @param token the registration token it was for ({@code message.token})
	 * @param message the {@code message} object sent
	 * @param status the HTTP status it was answered with
	 * @param errorCode the FCM error code it was answered with, if any
	 * @param at when it arrived
	 */
	public record Request(String project, String token, JsonNode message, int status, String errorCode, Instant at) {

		/**
		 * Returns whether FCM would have delivered this message.
		 * @return whether it was answered with success
		 */
		public boolean accepted() {
			return this.status == 200;
		}

		/**
		 * Returns a string field of the message's {@code data}.
		 * @param key the key
		 * @return the value, or {@code null}
		 */
		public String data(String key) {
			return this.message.path("data").path(key).asString(null);
		}

	}

	/**
	 * An answer of the server, as FCM gives it.
	 *
	 * @param status the HTTP status
	 * @param canonical the canonical error status ({@code NOT_FOUND}, ...)
	 * @param errorCode the FCM error code ({@code UNREGISTERED}, ...)
	 * @param message the error message
	 * @param retryAfter the {@code Retry-After} to send, if any
	 * @param tokenViolation whether the error names {@code message.token} as the field at
	 * fault
	 * @param repeats whether the answer stays in place once given
	 */
	public record Answer(int status, String canonical, String errorCode, String message, Duration retryAfter,
			boolean tokenViolation, boolean repeats) {

		static final Answer OK = new Answer(200, null, null, null, null, false, false);

		/**
		 * The app was uninstalled or the token expired: FCM's 404 {@code UNREGISTERED}.
		 * @return the answer
		 */
		public static Answer unregistered() {
			return error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
		}

		/**
		 * The token is not a token: 400 {@code INVALID_ARGUMENT} naming
		 * {@code message.token}.
		 * @return the answer
		 */
		public static Answer invalidToken() {
			return new Answer(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
					"The registration token is not a valid FCM registration token", null, true, false);
		}

		/**
		 * Something in the message other than the token is wrong: 400
		 * {@code INVALID_ARGUMENT}.
		 * @param message what FCM says
		 * @return the answer
		 */
		public static Answer invalidArgument(String message) {
			return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", message);
		}

		/**
		 * FCM is overloaded: 503 {@code UNAVAILABLE}.
		 * @return the answer
		 */
		public static Answer unavailable() {
			return error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
		}

		/**
		 * FCM failed: 500 {@code INTERNAL}.
		 * @return the answer
		 */
		public static Answer internal() {
			return error(500, "INTERNAL", "INTERNAL", "Internal error encountered.");
		}

		/**
		 * Too many messages: 429 {@code QUOTA_EXCEEDED}, with a {@code Retry-After}.
		 * @param retryAfter how long to wait
		 * @return the answer
		 */
		public static Answer quotaExceeded(Duration retryAfter) {
			return new Answer(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED",
					"Quota exceeded for quota metric 'Send requests'.", retryAfter, false, false);
		}

		/**
		 * The token belongs to another Firebase project: 403 {@code SENDER_ID_MISMATCH}.
		 * @return the answer
		 */
		public static Answer senderIdMismatch() {
			return error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
		}

		static Answer error(int status, String canonical, String errorCode, String message) {
			return new Answer(status, canonical, errorCode, message, null, false, false);
		}

		Answer forever() {
			return new Answer(this.status, this.canonical, this.errorCode, this.message, this.retryAfter,
					this.tokenViolation, true);
		}

	}

}
