package com.backoffice.notify.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.messaging.Message;

/**
 * Binds {@code deliver-in-0} ({@code notification.dispatched.v1}) to Redis.
 */
@Configuration(proxyBeanMethods = false)
class Fanout {

	@Bean
	Consumer<Message<byte[]>> deliver(EventReader events, StringRedisTemplate redis, FanoutProperties properties,
			MeterRegistry meters) {
		Counter delivered = Counter.builder("notify.gateway.fanout").tag("outcome", "delivered").register(meters);
		Counter duplicates = Counter.builder("notify.gateway.fanout").tag("outcome", "duplicate").register(meters);
		XAddOptions bounded = XAddOptions.maxlen(properties.replayLength()).approximateTrimming(true);
		return (message) -> {
			NotificationDispatched notification = events.read(message, NotificationDispatched.class);
			String seen = properties.delivered(notification.notificationId());
			if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(seen, "1", properties.duplicateWindow()))) {
				duplicates.increment();
				return;
			}
			try {
				String json = new String(message.getPayload(), StandardCharsets.UTF_8);
				String recipient = notification.recipientId();
				MapRecord<String, String, String> entry = StreamRecords.newRecord()
					.in(properties.replayStream(recipient))
					.ofMap(Map.of("notificationId", notification.notificationId().toString(), "event", json));
				redis.opsForStream().add(entry, bounded);
				redis.convertAndSend(properties.liveChannel(recipient), json);
				delivered.increment();
			}
			catch (RuntimeException ex) {
				// not delivered after all: the retry must not be taken for a duplicate
				redis.delete(seen);
				throw ex;
			}
		};
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<byte[]>> deliverUrgent(@Qualifier("deliver") Consumer<Message<byte[]>> deliver) {
		return deliver::accept;
	}

}
