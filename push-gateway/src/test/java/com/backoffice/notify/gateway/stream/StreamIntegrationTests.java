package com.backoffice.notify.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas on one Redis and one Kafka broker: this test's own (A), which
 * reads Kafka, and {@link GatewayReplica} B, which reads nothing from Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "notify.gateway.stream.max-connections-per-admin=3", "notify.gateway.stream.buffer-size=16",
				"notify.gateway.stream.heartbeat=1s" })
@RealInfrastructure({ Server.KAFKA, Server.REDIS })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	MeterRegistry meters;

	private GatewayReplica replicaB;

	@BeforeAll
	void startReplicaB() {
		this.replicaB = GatewayReplica.startBeside(this.context, "notify.gateway.stream.buffer-size=16");
	}

	@AfterAll
	void stopReplicaB() {
		this.replicaB.close();
	}

	@Test
	void deliversWhatOneReplicaReadToEveryTabOfTheAdminOnAnotherAndToNoOneElse() {
		String admin = admin("op");
		String otherAdmin = admin("op");
		MeterRegistry metersB = this.replicaB.bean(MeterRegistry.class);
		double liveOnA = count(this.meters, "notify.gateway.live.received");
		double liveOnB = count(metersB, "notify.gateway.live.received");
		try (SseClient tab1 = SseClient.connect(this.replicaB.port(), DevTokens.forAdmin(admin), null);
				SseClient tab2 = SseClient.connect(this.replicaB.port(), DevTokens.forAdmin(admin), null);
				SseClient other = SseClient.connect(this.replicaB.port(), DevTokens.forAdmin(otherAdmin), null)) {
			UUID id = UUID.randomUUID();
			publish(admin, id, "New order");
			publish(admin, id, "New order");
			publishState(admin, 0);
			UUID others = publish(otherAdmin, UUID.randomUUID(), "Their order");

			for (SseClient tab : List.of(tab1, tab2)) {
				await().atMost(WAIT).until(() -> tab.events("state").size() == 1);
				assertThat(tab.events("notification")).as("a redelivered notification is streamed once")
					.singleElement()
					.satisfies((event) -> {
						assertThat(json.readTree(event.data()).get("notificationId").asString())
							.isEqualTo(id.toString());
						assertThat(event.id()).matches("\\d+-\\d+");
					});
				assertThat(json.readTree(tab.events("state").get(0).data()).get("unreadCount").asLong()).isZero();
			}
			await().atMost(WAIT).until(() -> other.events("notification").size() == 1);
			assertThat(json.readTree(other.events("notification").get(0).data()).get("notificationId").asString())
				.isEqualTo(others.toString());
			assertThat(other.events("state")).isEmpty();
			assertThat(count(metersB, "notify.gateway.live.received") - liveOnB)
				.as("B receives its connected admins' events once each: the notification, the state, the other's")
				.isEqualTo(3);
			assertThat(count(this.meters, "notify.gateway.live.received") - liveOnA)
				.as("A, with no stream of these admins, receives none of their events")
				.isZero();
		}
	}

	@Test
	void replaysExactlyWhatAReconnectingClientMissedWhileEventsKeepArriving() {
		String admin = admin("op");
		List<UUID> published = new ArrayList<>();
		List<String> received = new ArrayList<>();
		String lastEventId = null;
		for (int round = 0; round < 4; round++) {
			// alternate replicas, as a load balancer would
			int port = (round % 2 == 0) ? this.port : this.replicaB.port();
			try (SseClient client = SseClient.connect(port, DevTokens.forAdmin(admin), lastEventId)) {
				// these arrive while the client replays what it missed in the previous
				// round
				for (int i = 0; i < 5; i++) {
					published.add(publish(admin, UUID.randomUUID(), "Order " + published.size()));
				}
				int expected = published.size() - received.size();
				await().atMost(WAIT).until(() -> client.events("notification").size() >= expected);
				client.events("notification")
					.forEach((event) -> received.add(json.readTree(event.data()).get("notificationId").asString()));
				lastEventId = client.lastEventId();
				assertThat(client.events("reset")).isEmpty();
			}
			// these are missed, and replayed in the next round
			for (int i = 0; i < 3; i++) {
				published.add(publish(admin, UUID.randomUUID(), "Order " + published.size()));
			}
		}
		try (SseClient last = SseClient.connect(this.port, DevTokens.forAdmin(admin), lastEventId)) {
			await().atMost(WAIT).until(() -> received.size() + last.events("notification").size() >= published.size());
			last.events("notification")
				.forEach((event) -> received.add(json.readTree(event.data()).get("notificationId").asString()));
		}
		assertThat(received).as("every notification once, in order, across 5 connections")
			.containsExactlyElementsOf(published.stream().map(UUID::toString).toList());
		MeterRegistry metersB = this.replicaB.bean(MeterRegistry.class);
		assertThat(count(this.meters, "notify.gateway.replay") + count(metersB, "notify.gateway.replay"))
			.as("4 resumed connections, counted")
			.isGreaterThanOrEqualTo(4);
		assertThat(this.meters.find("notify.gateway.delivery.latency").timer().count()).isPositive();
	}

	@Test
	void sendsAResetWhenTheLastEventIdIsNotInTheAdminsBuffer() {
		String admin = admin("op");
		String otherAdmin = admin("op");
		String newest;
		String othersFirst;
		try (SseClient client = SseClient.connect(this.port, DevTokens.forAdmin(admin), null);
				SseClient others = SseClient.connect(this.port, DevTokens.forAdmin(otherAdmin), null)) {
			publish(admin, UUID.randomUUID(), "Order 1");
			publish(otherAdmin, UUID.randomUUID(), "Their order 1");
			publish(otherAdmin, UUID.randomUUID(), "Their order 2");
			await().atMost(WAIT).until(() -> client.events("notification").size() == 1);
			await().atMost(WAIT).until(() -> others.events("notification").size() == 2);
			newest = client.lastEventId();
			othersFirst = others.events("notification").get(0).id();
		}
		Map<String, String> lastEventIds = new LinkedHashMap<>();
		lastEventIds.put("older than the buffer", "1-0");
		lastEventIds.put("not an event id", "garbage");
		lastEventIds.put("an id of another admin's stream", othersFirst);
		lastEventIds.forEach((what, lastEventId) -> {
			try (SseClient client = SseClient.connect(this.replicaB.port(), DevTokens.forAdmin(admin), lastEventId)) {
				await().atMost(WAIT).until(() -> client.events("reset").size() == 1);
				assertThat(client.events("reset").get(0).id()).as(what + ": resume after the newest event")
					.isEqualTo(newest);
				assertThat(client.events("notification")).as(what + ": nothing replayed").isEmpty();
			}
		});
	}

	@Test
	void disconnectsAClientThatStopsReadingWithoutHoldingUpOthers() throws IOException {
		String stalled = admin("op");
		String reading = admin("op");
		// on B, whose heartbeat is the default 15 s: the stalled connection fills its
		// buffer long before the kernel
		// gives up on it (TCP_USER_TIMEOUT, two heartbeats)
		MeterRegistry metersB = this.replicaB.bean(MeterRegistry.class);
		double slowBefore = metersB.counter("notify.gateway.disconnects", "reason", "slow").count();
		try (Socket socket = new Socket();
				SseClient client = SseClient.connect(this.replicaB.port(), DevTokens.forAdmin(reading), null)) {
			socket.setReceiveBufferSize(1024);
			socket.connect(new InetSocketAddress("localhost", this.replicaB.port()));
			OutputStream request = socket.getOutputStream();
			request.write(("GET /api/notifications/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
					+ "Authorization: Bearer " + DevTokens.forAdmin(stalled) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			request.flush();
			// until the stalled stream's buffer overflows: it fills once the kernel's
			// buffers of the connection (tcp_wmem up to 4 MiB here) and Reactor Netty's
			// send queue (128 events) are full
			List<Long> latencies = new ArrayList<>();
			int sentToReading = 0;
			for (int i = 0; i < 1_000
					&& metersB.counter("notify.gateway.disconnects", "reason", "slow").count() == slowBefore; i++) {
				publishLarge(stalled);
				if (i % 15 == 0) {
					long start = System.nanoTime();
					int before = client.events("notification").size();
					sentToReading++;
					publish(reading, UUID.randomUUID(), "Order " + i);
					await().atMost(WAIT).until(() -> client.events("notification").size() > before);
					latencies.add((System.nanoTime() - start) / 1_000_000);
				}
			}

			await().atMost(WAIT)
				.until(() -> metersB.counter("notify.gateway.disconnects", "reason", "slow").count() > slowBefore);
			assertThat(client.events("notification")).as("the reading client got all of its notifications")
				.hasSize(sentToReading);
			System.out.println("[slow client] latency of the reading client's " + sentToReading
					+ " notifications (ms): " + latencies);
			assertThat(readToEnd(socket)).as("the stalled client's connection is closed").isTrue();
		}
	}

	@Test
	void forgetsAClientKilledWithItsStreamOpen() throws Exception {
		String admin = admin("op");
		MeterRegistry metersB = this.replicaB.bean(MeterRegistry.class);
		double disconnectsBefore = metersB.counter("notify.gateway.disconnects", "reason", "client").count();
		double openBefore = metersB.get("notify.gateway.connections").gauge().value();
		Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), KilledClient.class.getName(),
				String.valueOf(this.replicaB.port()), DevTokens.forAdmin(admin))
			.redirectErrorStream(true)
			.start();
		try {
			StringBuilder output = new StringBuilder();
			await().atMost(WAIT).until(() -> {
				int available = client.getInputStream().available();
				if (available > 0) {
					output.append(new String(client.getInputStream().readNBytes(available), StandardCharsets.UTF_8));
				}
				return output.toString().contains(": connected");
			});
			assertThat(metersB.get("notify.gateway.connections").gauge().value()).isEqualTo(openBefore + 1);
		}
		finally {
			// kill -9: the process ends without closing its stream
			client.destroyForcibly().waitFor();
		}
		// within two heartbeats (B's are the default 15 s)
		await().atMost(Duration.ofSeconds(30))
			.until(() -> metersB.counter("notify.gateway.disconnects", "reason", "client").count() > disconnectsBefore);
		assertThat(metersB.get("notify.gateway.connections").gauge().value()).isEqualTo(openBefore);
	}

	@Test
	void capsTheStreamsOfOneAdmin() {
		String admin = admin("op");
		try (SseClient first = SseClient.connect(this.port, DevTokens.forAdmin(admin), null);
				SseClient second = SseClient.connect(this.port, DevTokens.forAdmin(admin), null);
				SseClient third = SseClient.connect(this.port, DevTokens.forAdmin(admin), null)) {
			Answer fourth = answer((headers) -> headers.setBearerAuth(DevTokens.forAdmin(admin)), "");
			assertThat(fourth.status()).isEqualTo(429);
			assertThat(fourth.contentType()).isEqualTo("application/problem+json");
			assertThat(fourth.body()).contains("open streams on this gateway");
			assertThat(List.of(first, second, third)).noneMatch((client) -> client.ended);
		}
	}

	@Test
	void takesTheTokenFromTheHeaderTheQueryOrTheCookieAndRefusesABadOne() throws IOException {
		String admin = admin("op");
		String token = DevTokens.forAdmin(admin);
		WebClient gateway = WebClient.create("http://localhost:" + this.port);
		Map<String, SseClient> accepted = new LinkedHashMap<>();
		accepted.put("header", SseClient
			.connect(gateway.get().uri("/api/notifications/stream").headers((h) -> h.setBearerAuth(token))));
		accepted.put("query", SseClient.connect(gateway.get().uri("/api/notifications/stream?access_token=" + token)));
		accepted.put("cookie",
				SseClient.connect(gateway.get().uri("/api/notifications/stream").cookie("notify_token", token)));
		try {
			accepted.forEach((how, client) -> await().atMost(WAIT)
				.alias(how + ": a heartbeat after the first event")
				.until(() -> client.received.stream().anyMatch((event) -> "heartbeat".equals(event.comment()))));
			accepted.forEach((how, client) -> assertThat(client.ended).as(how).isFalse());
		}
		finally {
			accepted.values().forEach(SseClient::close);
		}

		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("expired", DevTokens.expired(admin));
		refused.put("not yet valid", DevTokens.notYetValid(admin));
		refused.put("another key", DevTokens.signedByAnotherKey(admin));
		refused.put("another issuer", DevTokens.fromAnotherIssuer(admin));
		refused.put("alg none", DevTokens.unsigned(admin));
		refused.put("tampered sub", DevTokens.tampered("someone-else", admin));
		Answer missing = answer((headers) -> {
		}, "");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.body()).contains("needs a token");
		assertThat(rawGet("/api/notifications/stream?access_token=%zz")).as("a query no URI class would build")
			.startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/problem+json")
			.contains("The query string is malformed");
		refused.forEach((defect, bad) -> {
			for (Answer answer : List.of(answer((headers) -> headers.setBearerAuth(bad), ""), answer((headers) -> {
			}, "?access_token=" + bad), answer((headers) -> headers.add("Cookie", "notify_token=" + bad), ""))) {
				assertThat(answer.status()).as(defect).isEqualTo(401);
				assertThat(answer.contentType()).as(defect).isEqualTo("application/problem+json");
				assertThat(answer.body()).as(defect).doesNotContain("event:");
			}
		});
	}

	@Test
	void tellsItsClientsToReconnectWhenItShutsDown() {
		String admin = admin("op");
		GatewayReplica leaving = GatewayReplica.startBeside(this.context);
		SseClient client = SseClient.connect(leaving.port(), DevTokens.forAdmin(admin), null);
		try {
			leaving.close();
			await().atMost(WAIT).until(() -> client.ended);
			ServerSentEvent<String> last = client.received.get(client.received.size() - 1);
			assertThat(last.comment()).contains("reconnect");
			assertThat(last.retry()).isNotNull();
		}
		finally {
			client.close();
		}
	}

	@Test
	void offersDevelopmentTokensInTheLocalProfileOnly() {
		assertThat(WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/dev/token?adminId=op-m1")
			.exchangeToMono((response) -> reactor.core.publisher.Mono.just(response.statusCode().value()))
			.block(WAIT)).isEqualTo(404);
		try (GatewayReplica local = GatewayReplica.startBeside(this.context, "spring.profiles.active=local",
				"notify.security.jwt.public-key=")) {
			JsonNode token = WebClient.create("http://localhost:" + local.port())
				.get()
				.uri("/dev/token?adminId=op-m1")
				.retrieve()
				.bodyToMono(JsonNode.class)
				.block(WAIT);
			try (SseClient client = SseClient.connect(local.port(), token.get("token").asString(), null)) {
				assertThat(client.ended).isFalse();
				assertThat(client.received.get(0).comment()).isEqualTo("connected");
			}
		}
	}

	private UUID publish(String admin, UUID id, String title) {
		this.kafka.send("notification.dispatched.v1", admin, """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "%s", "channels": ["WEB"], "source": "/orders", "createdAt": "%s"}
				""".formatted(id, id, admin, title, Instant.now()),
				KafkaTestClient.cloudEvent(id.toString(), "notification.dispatched.v1", "/notification-router"));
		return id;
	}

	/**
	 * Publishes a 32 KB notification: a title within its limit, and the bulk in data,
	 * which the gateway passes on as it came.
	 */
	private void publishLarge(String admin) {
		UUID id = UUID.randomUUID();
		this.kafka.send("notification.dispatched.v1", admin, """
				{"notificationId": "%s", "eventId": "e-%s", "recipientId": "%s", "type": "order.placed",
				 "priority": "NORMAL", "title": "Large", "data": {"blob": "%s"}, "channels": ["WEB"],
				 "source": "/orders", "createdAt": "%s"}
				""".formatted(id, id, admin, "x".repeat(32_000), Instant.now()),
				KafkaTestClient.cloudEvent(id.toString(), "notification.dispatched.v1", "/notification-router"));
	}

	private void publishState(String admin, long unreadCount) {
		this.kafka.send("notification.state.v1", admin, """
				{"recipientId": "%s", "change": "READ_ALL", "notificationIds": [], "unreadCount": %d, "at": "%s"}
				""".formatted(admin, unreadCount, Instant.now()), KafkaTestClient
			.cloudEvent(UUID.randomUUID().toString(), "notification.state.v1", "/notification-store"));
	}

	private Answer answer(java.util.function.Consumer<org.springframework.http.HttpHeaders> headers, String query) {
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/notifications/stream" + query)
			.headers(headers)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Answer(response.statusCode().value(),
						response.headers()
							.contentType()
							.map((type) -> type.getType() + "/" + type.getSubtype())
							.orElse(null),
						body)))
			.block(WAIT);
	}

	private String rawGet(String target) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout((int) WAIT.toMillis());
			socket.getOutputStream()
				.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static boolean readToEnd(Socket socket) throws IOException {
		socket.setSoTimeout(1000);
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (in.read(buffer) < 0) {
					return true;
				}
			}
			catch (SocketTimeoutException ex) {
				// still open: read on
			}
			catch (IOException ex) {
				return true;
			}
		}
		return false;
	}

	private static double count(MeterRegistry meters, String name) {
		Counter counter = meters.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static String admin(String kind) {
		return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status its status
	 * @param contentType its content type, without parameters
	 * @param body its body
	 */
	record Answer(int status, String contentType, String body) {

	}

}
