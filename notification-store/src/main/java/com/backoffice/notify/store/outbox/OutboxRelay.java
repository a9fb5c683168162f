package com.backoffice.notify.store.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.backoffice.notify.support.CloudEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's events to Kafka in the order they were written, deleting each once
 * Kafka has acknowledged it. Woken after every commit that wrote an event, and polling
 * for what Kafka could not take before. One replica relays at a time (an advisory lock),
 * so the events of one admin stay in order across replicas; a relay that fails stops at
 * the event that failed, to try it again first.
 */
@Component
class OutboxRelay implements DisposableBean {

	private static final String SOURCE = "/notification-store";

	/** The advisory lock that lets one replica relay at a time. */
	private static final long RELAY_LOCK = 0x6f7574626f78L;

	private static final int BATCH = 100;

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final StreamBridge output;

	private final ExecutorService worker = Executors
		.newSingleThreadExecutor((task) -> new Thread(task, "outbox-relay"));

	private final AtomicBoolean woken = new AtomicBoolean();

	/** Whether the last relay failed: a failure is logged once, not at every retry. */
	private boolean failing;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, StreamBridge output, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.output = output;
		Gauge.builder("notify.store.outbox.pending", this, OutboxRelay::pending)
			.description("Events committed and not yet acknowledged by Kafka")
			.register(meters);
	}

	/**
	 * Relays soon, on the relay's own thread; wakes that come while one is pending are
	 * one.
	 */
	void wake() {
		if (this.woken.compareAndSet(false, true)) {
			this.worker.execute(() -> {
				this.woken.set(false);
				try {
					relay();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not relay the outbox ({}); the next poll tries again", ex.getMessage());
				}
			});
		}
	}

	/**
	 * Relays everything pending.
	 */
	@Scheduled(fixedDelayString = "${notify.store.outbox.poll-interval:1s}")
	synchronized void relay() {
		Relayed relayed;
		do {
			relayed = this.transactions.execute((status) -> relayBatch());
		}
		while (relayed != null && relayed.failure() == null && relayed.full());
		boolean failed = relayed != null && relayed.failure() != null;
		if (failed && !this.failing) {
			logger.warn("Kafka did not take the outbox's next event ({}); it is sent again until Kafka takes it",
					NestedExceptionUtils.getMostSpecificCause(relayed.failure()).toString());
		}
		else if (!failed && this.failing) {
			logger.info("Kafka takes the outbox's events again");
		}
		this.failing = failed;
	}

	/**
	 * Sends a batch in order, and deletes what Kafka acknowledged, up to the first event
	 * it did not.
	 */
	private Relayed relayBatch() {
		if (!this.jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single()) {
			return new Relayed(false, null);
		}
		List<Pending> batch = this.jdbc
			.sql("SELECT id, binding, message_key, event_id, event_type, event_time, payload FROM outbox "
					+ "ORDER BY id LIMIT ?")
			.param(BATCH)
			.query((row, n) -> new Pending(row.getLong("id"), row.getString("binding"), row.getString("message_key"),
					row.getObject("event_id", UUID.class), row.getString("event_type"),
					Instant.parse(row.getString("event_time")), row.getString("payload")))
			.list();
		long sentUpTo = 0;
		RuntimeException failure = null;
		for (Pending event : batch) {
			try {
				send(event);
				sentUpTo = event.id();
			}
			catch (RuntimeException ex) {
				failure = ex;
				break;
			}
		}
		this.jdbc.sql("DELETE FROM outbox WHERE id <= ?").param(sentUpTo).update();
		return new Relayed(batch.size() == BATCH, failure);
	}

	/**
	 * Sends one event and waits for Kafka's acknowledgement (the bindings are
	 * {@code sync}).
	 */
	private void send(Pending event) {
		boolean sent = this.output.send(event.binding(),
				CloudEvents
					.withHeaders(MessageBuilder.withPayload(event.payload().getBytes(StandardCharsets.UTF_8)),
							event.eventId().toString(), event.type(), SOURCE, event.time())
					.setHeader(KafkaHeaders.KEY, event.key())
					.build());
		if (!sent) {
			throw new IllegalStateException("the binding " + event.binding() + " did not send " + event.eventId());
		}
	}

	private double pending() {
		return this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
	}

	@Override
	public void destroy() {
		this.worker.shutdownNow();
	}

	private record Pending(long id, String binding, String key, UUID eventId, String type, Instant time,
			String payload) {

	}

	/**
	 * What one relay transaction did.
	 *
	 * @param full whether it sent a full batch, so more may wait
	 * @param failure why it stopped early, or {@code null}
	 */
	private record Relayed(boolean full, RuntimeException failure) {

	}

}
