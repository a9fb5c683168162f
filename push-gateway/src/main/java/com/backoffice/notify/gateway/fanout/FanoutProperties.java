package com.backoffice.notify.gateway.fanout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fan-out settings.
 *
 * @param replayLength how many recent notifications each admin's replay stream keeps
 * @param keyPrefix prefix of every Redis key and channel the gateway uses
 */
@ConfigurationProperties("notify.gateway.fanout")
public record FanoutProperties(@DefaultValue("1000") int replayLength, @DefaultValue("notify:") String keyPrefix) {

	String replayStream(String adminId) {
		return this.keyPrefix + "replay:{" + adminId + "}";
	}

	String liveChannel(String adminId) {
		return this.keyPrefix + "live:" + adminId;
	}

}
