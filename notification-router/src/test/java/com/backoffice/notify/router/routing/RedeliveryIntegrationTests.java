package com.backoffice.notify.router.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.router.StandaloneRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request routed again by a router that never saw it (a restart, another replica, or a
 * replacement after a crash before the offset was committed) yields the same
 * notifications, so consumers, idempotent by notification id, keep one of each.
 */
class RedeliveryIntegrationTests {

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Test
	void aRouterThatNeverSawARequestDispatchesTheSameNotificationIds() throws Exception {
		String t = "d" + UUID.randomUUID().toString().substring(0, 8);
		this.kafka.sendAll(StandaloneRouter.admins(t), Map.of(t + "-a", StandaloneRouter.operator(t + "-a", t + "-m"),
				t + "-b", StandaloneRouter.operator(t + "-b", t + "-m")));
		String eventId = "order-" + t;
		this.kafka.send(StandaloneRouter.requested(t), eventId, """
				{"type": "order.placed", "priority": "NORMAL", "audience": {"mallIds": ["%s-m"]}, "title": "Order"}
				""".formatted(t), KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/orders"));

		List<String> first = routedBy(StandaloneRouter.start(t, t + "-first"), t, 2);
		List<String> second = routedBy(StandaloneRouter.start(t, t + "-replacement"), t, 4);

		assertThat(first).containsExactlyInAnyOrder(NotificationDispatched.idFor(eventId, t + "-a").toString(),
				NotificationDispatched.idFor(eventId, t + "-b").toString());
		assertThat(second).hasSize(4).containsOnlyElementsOf(first);
	}

	@Test
	void anOpenDigestOutlivesTheRouterThatOpenedIt() throws Exception {
		String t = "r" + UUID.randomUUID().toString().substring(0, 8);
		this.kafka.sendAll(StandaloneRouter.admins(t), Map.of(t + "-a", StandaloneRouter.operator(t + "-a", t + "-m")));
		String[] digestOrders = { "notify.router.digest.types.[order.placed].window=20s" };
		List<String> eventIds = List.of("order-1-" + t, "order-2-" + t);

		try (StandaloneRouter first = StandaloneRouter.start(t, t + "-routers", digestOrders)) {
			first.context().get();
			eventIds.forEach((eventId) -> this.kafka.send(StandaloneRouter.requested(t), t + "-m", """
					{"type": "order.placed", "priority": "NORMAL", "audience": {"mallIds": ["%s-m"]},
					 "title": "Order %s", "groupKey": "%s-m"}
					""".formatted(t, eventId, t), KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/orders")));
			assertThat(this.kafka.read(t + "-digest-digest-windows-changelog",
					(record) -> record.value().contains("\"count\":2"), 1, Duration.ofSeconds(60)))
				.as("both orders held in the first router's open digest")
				.hasSize(1);
		}
		assertThat(this.kafka.read(StandaloneRouter.dispatched(t), (record) -> true, 1, Duration.ofSeconds(1)))
			.as("nothing sent before the window closes")
			.isEmpty();

		try (StandaloneRouter second = StandaloneRouter.start(t, t + "-routers", digestOrders)) {
			second.context().get();
			List<ConsumerRecord<String, String>> sent = this.kafka.read(StandaloneRouter.dispatched(t),
					(record) -> true, 1, Duration.ofSeconds(60));
			assertThat(sent).singleElement()
				.satisfies((digest) -> assertThat(digest.value()).contains("\"count\":2")
					.contains("\"recipientId\":\"" + t + "-a\""));
			assertThat(this.kafka.read(StandaloneRouter.dispatched(t), (record) -> true, 2, Duration.ofSeconds(3)))
				.as("the digest, once")
				.hasSize(1);
		}
	}

	private List<String> routedBy(StandaloneRouter router, String t, int dispatchedSoFar) throws Exception {
		try (router) {
			router.context().get();
			List<ConsumerRecord<String, String>> dispatched = this.kafka.read(StandaloneRouter.dispatched(t),
					(record) -> true, dispatchedSoFar, Duration.ofSeconds(60));
			assertThat(dispatched).hasSize(dispatchedSoFar);
			return dispatched.stream().map((record) -> KafkaTestClient.header(record, "ce_id")).toList();
		}
	}

}
