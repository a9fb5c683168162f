package com.backoffice.notify.gateway.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-admin buffers in Redis.
 *
 * @param keyPrefix prefix of every Redis key and channel the gateway uses
 * @param length how many recent events each admin's replay stream keeps (approximately:
 * {@code MAXLEN ~})
 * @param ttl how long an admin's replay stream lives after its last event
 * @param duplicateWindow how long a delivered event is remembered, so that a redelivered
 * one is not streamed twice
 * @param reconnectDelay the longest pause between attempts to reach Redis again once it
 * went away (Lettuce's default, 30 s, would leave streams without replay and live events
 * that long after Redis is back)
 */
@ConfigurationProperties("notify.gateway.buffer")
public record BufferProperties(@DefaultValue("notify:") String keyPrefix, @DefaultValue("1000") int length,
		@DefaultValue("24h") Duration ttl, @DefaultValue("24h") Duration duplicateWindow,
		@DefaultValue("1s") Duration reconnectDelay) {

	public String replayStream(String adminId) {
		return this.keyPrefix + "replay:{" + adminId + "}";
	}

	public String seen(String adminId, String eventKey) {
		return this.keyPrefix + "seen:{" + adminId + "}:" + eventKey;
	}

	public String liveChannel(String adminId) {
		return this.keyPrefix + "live:" + adminId;
	}

	String adminOfLiveChannel(String channel) {
		return channel.substring(this.keyPrefix.length() + "live:".length());
	}

}
