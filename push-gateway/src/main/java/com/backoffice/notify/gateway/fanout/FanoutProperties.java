package com.backoffice.notify.gateway.fanout;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fan-out settings.
 *
 * @param replayLength how many recent notifications each admin's replay stream keeps
 * @param keyPrefix prefix of every Redis key and channel the gateway uses
 * @param duplicateWindow how long a delivered notification id is remembered, so that a
 * redelivered one is not streamed twice
 */
@ConfigurationProperties("notify.gateway.fanout")
public record FanoutProperties(@DefaultValue("1000") int replayLength, @DefaultValue("notify:") String keyPrefix,
		@DefaultValue("24h") Duration duplicateWindow) {

	String delivered(UUID notificationId) {
		return this.keyPrefix + "delivered:" + notificationId;
	}

	String replayStream(String adminId) {
		return this.keyPrefix + "replay:{" + adminId + "}";
	}

	String liveChannel(String adminId) {
		return this.keyPrefix + "live:" + adminId;
	}

}
