package com.backoffice.notify.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes and restarts in the running pipeline, with browsers connected to both gateway
 * replicas: after each, every notification has exactly one timeline row, and every
 * browser has had every notification addressed to it exactly once, or was told to reset
 * and finds the rest in its timeline. Each fault's counts go to
 * {@code target/reliability/faults.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Pipeline.Shared.class)
class CrashRestartReliabilityTests {

	private static final String MALL = "crash-mall";

	private static final int CONNECTED = 100;

	private static final Duration CONVERGE = Duration.ofMinutes(6);

	private static Pipeline pipeline;

	private static List<String> connected;

	private static final Map<String, Browser> browsers = new LinkedHashMap<>();

	@BeforeAll
	static void connect(Pipeline shared) throws Exception {
		pipeline = shared;
		// the first CONNECTED operators of the mall have a browser open; the rest of the
		// 3,000 are in the mall's broadcasts
		List<Directory.Admin> mall = Directory.operators("crash-op", MALL, 3_000);
		pipeline.directory(mall);
		connected = mall.subList(0, CONNECTED).stream().map(Directory.Admin::id).toList();
		for (int i = 0; i < CONNECTED; i++) {
			browsers.put(connected.get(i), new Browser(connected.get(i), pipeline.gateways(), i % 2, Api.HTTP));
		}
		awaitOpen();
	}

	@AfterAll
	static void close() throws Exception {
		for (Browser browser : browsers.values()) {
			browser.close();
		}
	}

	@Test
	@Order(1)
	void storeKilledMidIngestKeepsEveryRowOnce() throws Exception {
		Map<String, Set<String>> expected = new ConcurrentHashMap<>();
		String run = "store-kill-" + UUID.randomUUID();
		for (int i = 0; i < 20_000; i++) {
			String admin = connected.get(ThreadLocalRandom.current().nextInt(CONNECTED));
			request(expected, run + "-" + i, Directory.Audience.admins(admin), Set.of(admin));
		}
		killMidway(Pipeline.STORE, run, 3_000, expected);
	}

	@Test
	@Order(2)
	void routerKilledMidBroadcastDispatchesEveryRecipientOnce() throws Exception {
		Map<String, Set<String>> expected = new ConcurrentHashMap<>();
		String run = "router-kill-" + UUID.randomUUID();
		Set<String> everyone = Directory.recipients(Directory.Audience.mall(MALL),
				Directory.operators("crash-op", MALL, 3_000));
		for (int i = 0; i < 3; i++) {
			request(expected, run + "-" + i, Directory.Audience.mall(MALL), everyone);
		}
		killMidway(Pipeline.ROUTER, run, 500, expected);
	}

	@Test
	@Order(3)
	void kafkaBrokerKilledAndRestartedLosesNothing() throws Exception {
		Map<String, Set<String>> expected = new ConcurrentHashMap<>();
		String run = "kafka-restart-" + UUID.randomUUID();
		steady(expected, run, 1_000);
		// the publisher goes on while the broker is down: its sends wait for the broker
		ExecutorService publisher = Executors.newSingleThreadExecutor();
		try {
			List<Future<?>> publishing = new ArrayList<>();
			pipeline.restartKafka(() -> publishing.add(publisher.submit(() -> steady(expected, run + "-down", 1_000))));
			publishing.get(0).get();
		}
		finally {
			publisher.shutdown();
		}
		steady(expected, run + "-after", 1_000);
		Tally tally = converge(
				"the Kafka broker killed -9 and started again, requests published throughout (buffered by the "
						+ "publisher while it was down)",
				expected);
		assertClean(tally);
	}

	@Test
	@Order(4)
	void redisRestartLosesNothingForReconnectingBrowsers() throws Exception {
		Map<String, Set<String>> expected = new ConcurrentHashMap<>();
		String run = "redis-restart-" + UUID.randomUUID();
		steady(expected, run, 1_000);
		pipeline.restartRedis(() -> steady(expected, run + "-down", 500));
		steady(expected, run + "-after", 1_000);
		Tally tally = converge("Redis stopped and started again empty, requests published throughout", expected);
		assertClean(tally);
	}

	@Test
	@Order(5)
	void gatewayReplicaKilledBrowsersResumeOnTheOther() throws Exception {
		Map<String, Set<String>> expected = new ConcurrentHashMap<>();
		String run = "gateway-kill-" + UUID.randomUUID();
		steady(expected, run, 1_000);
		long onA = browsers.values()
			.stream()
			.filter((browser) -> browser.gatewayPort() == pipeline.port(Pipeline.GATEWAY_A))
			.count();
		pipeline.kill(Pipeline.GATEWAY_A);
		steady(expected, run + "-down", 1_000);
		Tally tally = converge(
				"one of two gateways killed -9 with " + onA + " of " + CONNECTED + " browsers on it, not restarted",
				expected);
		assertThat(onA).isPositive();
		assertThat(browsers.values()).allMatch((browser) -> browser.gatewayPort() == pipeline.port(Pipeline.GATEWAY_B));
		assertClean(tally);
		pipeline.restart(Pipeline.GATEWAY_A);
	}

	/**
	 * Kills a service once the run has some of its rows, restarts it, and checks that the
	 * run ends clean.
	 */
	private static void killMidway(String service, String run, long after, Map<String, Set<String>> expected)
			throws Exception {
		pipeline.flush();
		long total = expected.values().stream().mapToLong(Set::size).sum();
		await(service + " has handled a part of the run").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> rows(run) >= after);
		long before = rows(run);
		pipeline.kill(service);
		pipeline.restart(service);
		Tally tally = converge("%s killed -9 after %,d of %,d rows, restarted".formatted(service, before, total),
				expected);
		assertThat(before).isLessThan(total);
		assertClean(tally);
	}

	private static void request(Map<String, Set<String>> expected, String eventId, Directory.Audience audience,
			Set<String> recipients) {
		expected.put(eventId, recipients);
		pipeline.request(eventId, """
				{"type": "order.placed", "priority": "NORMAL", "audience": %s, "title": "Order %s", \
				"body": "1 item", "link": "/orders/%s", "channels": ["WEB"]}""".formatted(audience.json(), eventId,
				eventId));
	}

	/**
	 * Requests to one connected admin each, 100 a second, left in the publisher's buffer
	 * when the broker is down.
	 */
	private static void steady(Map<String, Set<String>> expected, String run, int count) {
		long began = System.nanoTime();
		for (int i = 0; i < count; i++) {
			String admin = connected.get(i % CONNECTED);
			request(expected, run + "-" + i, Directory.Audience.admins(admin), Set.of(admin));
			long due = began + (i + 1) * 10_000_000L;
			LockSupport.parkNanos(due - System.nanoTime());
		}
	}

	private static Tally converge(String fault, Map<String, Set<String>> expected) throws Exception {
		pipeline.flush();
		awaitOpen();
		await(fault + ": every notification stored and delivered, or found after a reset").atMost(CONVERGE)
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> Tally.count(fault, pipeline, expected, browsers).lost() == 0);
		// and nothing more arrives: a duplicate would come after the last first copy
		Tally settled = Tally.count(fault, pipeline, expected, browsers);
		await().during(Duration.ofSeconds(5))
			.atMost(Duration.ofSeconds(30))
			.until(() -> Tally.count(fault, pipeline, expected, browsers).equals(settled));
		return settled.report(pipeline);
	}

	private static void assertClean(Tally tally) {
		assertThat(tally.stored()).as("rows").isEqualTo(tally.sent());
		assertThat(tally.duplicateRows()).as("duplicate rows").isZero();
		assertThat(tally.lost()).as("lost").isZero();
		assertThat(tally.duplicated()).as("duplicated to a browser").isZero();
		assertThat(tally.misdelivered()).as("misdelivered").isZero();
		assertThat(tally.delivered() + tally.recovered()).isEqualTo(tally.expectedLive());
	}

	private static void awaitOpen() {
		await("every browser's stream is open").atMost(Duration.ofMinutes(3))
			.until(() -> browsers.values().stream().allMatch(Browser::isOpen));
	}

	private static long rows(String run) throws Exception {
		try (Connection database = pipeline.database();
				PreparedStatement count = database
					.prepareStatement("SELECT count(*) FROM store.notification WHERE event_id LIKE ?")) {
			count.setString(1, run + "-%");
			try (ResultSet result = count.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

}
