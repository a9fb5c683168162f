package com.backoffice.notify.store.retention;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long notifications are kept.
 *
 * @param maxAge how long a notification is kept after it was routed
 * @param types a different age for some types ({@code types.[excel.export.completed]=7d})
 * @param batchSize how many rows one purge statement deletes at most
 * @param interval how often the purge runs
 */
@ConfigurationProperties("notify.store.retention")
public record RetentionProperties(@DefaultValue("90d") Duration maxAge, Map<String, Duration> types,
		@DefaultValue("1000") int batchSize, @DefaultValue("1h") Duration interval) {

	public RetentionProperties {
		types = (types != null) ? Map.copyOf(types) : Map.of();
	}

}
