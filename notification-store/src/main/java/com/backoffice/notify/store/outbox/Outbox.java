package com.backoffice.notify.store.outbox;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Publishes an event as part of the current transaction: the event is written to the
 * {@code outbox} table beside the change it tells of, and {@link OutboxRelay} sends it to
 * Kafka once the transaction commits (at once, or as soon as Kafka takes it).
 */
@Component
public class Outbox {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.json = json;
		this.relay = relay;
	}

	/**
	 * Adds an event to the current transaction.
	 * @param binding the output binding to send it through
	 * @param key the record key
	 * @param type the event type ({@code ce_type})
	 * @param payload the event, written as JSON
	 * @param time when it happened ({@code ce_time})
	 */
	public void publish(String binding, String key, String type, Object payload, Instant time) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"An event is published as part of a transaction");
		this.jdbc.sql("""
				INSERT INTO outbox (binding, message_key, event_id, event_type, event_time, payload)
				VALUES (?, ?, ?, ?, ?, ?)
				""")
			.params(binding, key, UUID.randomUUID(), type, time.toString(), this.json.writeValueAsString(payload))
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wake();
			}
		});
	}

}
