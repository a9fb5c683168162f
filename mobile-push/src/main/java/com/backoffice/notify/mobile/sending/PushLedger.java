package com.backoffice.notify.mobile.sending;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * The {@code push} table: which notification went to which device, and which wait to be
 * tried again.
 */
@Component
class PushLedger {

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	PushLedger(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/**
	 * Returns the pushes of these notifications that must not be made again: sent, or
	 * waiting for a retry.
	 */
	Set<Key> settled(Collection<UUID> notificationIds) {
		Set<Key> settled = new HashSet<>();
		if (notificationIds.isEmpty()) {
			return settled;
		}
		this.jdbc.sql("""
				SELECT notification_id, token FROM push
				WHERE notification_id = ANY (CAST(? AS uuid[])) AND state IN ('SENT', 'RETRY')
				""")
			.param(notificationIds.stream().map(UUID::toString).toArray(String[]::new))
			.query((row, number) -> settled.add(new Key(row.getObject(1, UUID.class), row.getString(2))))
			.list();
		return settled;
	}

	void record(List<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		this.batches.batchUpdate("""
				INSERT INTO push (notification_id, token, recipient_id, state, attempts, last_error, due_at, event,
				                  topic, kafka_partition, kafka_offset, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (notification_id, token) DO UPDATE SET
				    state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error,
				    due_at = excluded.due_at, event = excluded.event, topic = excluded.topic,
				    kafka_partition = excluded.kafka_partition, kafka_offset = excluded.kafka_offset,
				    updated_at = excluded.updated_at
				""", rows.stream().map(Row::values).toList());
	}

	/**
	 * Claims the retries that are due, locking them until the transaction ends (other
	 * replicas skip them).
	 */
	List<Waiting> claimDue(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT notification_id, token, recipient_id, attempts, event, topic, kafka_partition, kafka_offset
				FROM push WHERE state = 'RETRY' AND due_at <= ?
				ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED
				""")
			.params(Timestamp.from(now), limit)
			.query((row, number) -> new Waiting(row.getString(2), row.getString(3), row.getInt(4),
					MessageBuilder.withPayload(row.getBytes(5))
						.setHeader(KafkaHeaders.RECEIVED_TOPIC, row.getString(6))
						.setHeader(KafkaHeaders.RECEIVED_PARTITION, row.getInt(7))
						.setHeader(KafkaHeaders.OFFSET, row.getLong(8))
						.setHeader(KafkaHeaders.RECEIVED_KEY, row.getString(3))
						.build()))
			.list();
	}

	int prune(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM push WHERE updated_at < ? AND state <> 'RETRY'")
			.param(Timestamp.from(cutoff))
			.update();
	}

	/**
	 * A push, as the ledger knows it.
	 */
	record Key(UUID notificationId, String token) {

	}

	/**
	 * A retry waiting in the ledger.
	 *
	 * @param token the device
	 * @param recipientId the admin it was for
	 * @param attempts the attempts made
	 * @param record the notification as it was read from Kafka
	 */
	record Waiting(String token, String recipientId, int attempts, Message<byte[]> record) {

	}

	/**
	 * What to write for one push.
	 */
	record Row(Key key, String recipientId, String state, int attempts, String lastError, Instant dueAt,
			Message<byte[]> record, Instant at) {

		static Row settled(Key key, String recipientId, String state, int attempts, String lastError, Instant at) {
			return new Row(key, recipientId, state, attempts, lastError, null, null, at);
		}

		Object[] values() {
			Object topic = (this.record != null) ? this.record.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC) : null;
			Object partition = (this.record != null) ? this.record.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION)
					: null;
			Object offset = (this.record != null) ? this.record.getHeaders().get(KafkaHeaders.OFFSET) : null;
			return new Object[] { new SqlParameterValue(Types.OTHER, this.key.notificationId()), this.key.token(),
					this.recipientId, this.state, this.attempts, this.lastError,
					(this.dueAt != null) ? Timestamp.from(this.dueAt) : null,
					new SqlParameterValue(Types.BINARY, (this.record != null) ? this.record.getPayload() : null),
					(topic != null) ? topic.toString() : null,
					new SqlParameterValue(Types.INTEGER,
							(partition instanceof Number number) ? number.intValue() : null),
					new SqlParameterValue(Types.BIGINT, (offset instanceof Number number) ? number.longValue() : null),
					Timestamp.from(this.at) };
		}

	}

}
