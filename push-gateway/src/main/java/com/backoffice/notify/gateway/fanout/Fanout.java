package com.backoffice.notify.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.backoffice.notify.gateway.stream.AdminBuffers;
import com.backoffice.notify.gateway.stream.EventKind;
import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.messaging.Message;

/**
 * Hands every event read from Kafka to its admin's buffer in Redis: the dispatched
 * notifications of both lanes (bindings {@code deliver-in-0}, {@code deliverUrgent-in-0})
 * and the read-state changes (binding {@code deliverState-in-0}). An event is
 * acknowledged to Kafka only once Redis has it: while Redis is away, the consumer waits
 * and tries again, for as long as it takes.
 */
@Configuration(proxyBeanMethods = false)
class Fanout {

	private static final Logger logger = LoggerFactory.getLogger(Fanout.class);

	@Bean
	Consumer<Message<byte[]>> deliver(EventReader events, Handover handover) {
		return (message) -> {
			NotificationDispatched notification = events.read(message, NotificationDispatched.class);
			handover.append(notification.recipientId(), notification.notificationId().toString(),
					EventKind.notification,
					(notification.createdAt() != null) ? notification.createdAt().toEpochMilli() : 0, message);
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

	@Bean
	Consumer<Message<byte[]>> deliverState(EventReader events, Handover handover) {
		return (message) -> {
			NotificationStateChanged change = events.read(message, NotificationStateChanged.class);
			handover.append(change.recipientId(), CloudEvents.requiredHeader(message, CloudEvents.ID), EventKind.state,
					0, message);
		};
	}

	@Bean
	Handover handover(AdminBuffers buffers, MeterRegistry meters) {
		return new Handover(buffers, meters);
	}

	/**
	 * Appends to Redis, waiting out a Redis outage.
	 */
	static class Handover {

		private final AdminBuffers buffers;

		private final Counter delivered;

		private final Counter duplicates;

		private final RetryTemplate untilRedisAnswers = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.predicate((failure) -> failure instanceof RedisConnectionFailureException
					|| failure instanceof QueryTimeoutException)
			.build());

		Handover(AdminBuffers buffers, MeterRegistry meters) {
			this.buffers = buffers;
			this.delivered = Counter.builder("notify.gateway.fanout").tag("outcome", "delivered").register(meters);
			this.duplicates = Counter.builder("notify.gateway.fanout").tag("outcome", "duplicate").register(meters);
			this.untilRedisAnswers.setRetryListener(new RetryListener() {
				@Override
				public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
					logger.warn("Redis does not answer ({}); the event waits, unacknowledged", failure.getMessage());
				}
			});
		}

		void append(String adminId, String eventKey, EventKind kind, long createdAtMillis, Message<byte[]> message) {
			String json = new String(message.getPayload(), StandardCharsets.UTF_8);
			boolean appended = this.untilRedisAnswers
				.invoke(() -> this.buffers.append(adminId, eventKey, kind, createdAtMillis, json));
			(appended ? this.delivered : this.duplicates).increment();
		}

	}

}
