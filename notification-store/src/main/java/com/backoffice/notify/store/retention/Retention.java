package com.backoffice.notify.store.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges notifications older than their retention, {@code batch-size} rows per statement
 * (each its own short transaction), oldest first, until none is left.
 */
@Component
class Retention {

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final JdbcClient jdbc;

	private final RetentionProperties properties;

	private final Clock clock;

	private final Counter purged;

	Retention(JdbcClient jdbc, RetentionProperties properties, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
		this.purged = Counter.builder("notify.store.retention.purged")
			.description("Notifications purged for their age")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${notify.store.retention.interval:1h}", initialDelayString = "1m")
	void scheduled() {
		purge();
	}

	/**
	 * Purges everything past its retention.
	 * @return how many notifications were purged
	 */
	long purge() {
		Instant now = this.clock.instant();
		List<String> exceptions = List.copyOf(this.properties.types().keySet());
		long total = purge(now.minus(this.properties.maxAge()), null, exceptions);
		for (var type : this.properties.types().entrySet()) {
			total += purge(now.minus(type.getValue()), type.getKey(), List.of());
		}
		if (total > 0) {
			logger.info("Purged {} notifications past their retention", total);
		}
		return total;
	}

	private long purge(Instant cutoff, String type, List<String> otherTypes) {
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					DELETE FROM notification WHERE ctid IN (
					    SELECT ctid FROM notification
					    WHERE created_at < :cutoff
					      AND (CAST(:type AS varchar) IS NULL OR type = :type)
					      AND NOT (type = ANY (string_to_array(:others, ',')))
					    ORDER BY created_at
					    LIMIT :batch)
					""")
				.param("cutoff", Timestamp.from(cutoff))
				.param("type", type)
				.param("others", String.join(",", otherTypes))
				.param("batch", this.properties.batchSize())
				.update();
			total += deleted;
			this.purged.increment(deleted);
		}
		while (deleted == this.properties.batchSize());
		return total;
	}

}
