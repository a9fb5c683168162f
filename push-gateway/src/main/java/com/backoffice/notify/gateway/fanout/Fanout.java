package com.backoffice.notify.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.backoffice.notify.gateway.stream.AdminBuffers;
import com.backoffice.notify.gateway.stream.EventKind;
import com.backoffice.notify.gateway.stream.TraceFields;
import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.EventBatch;
import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.messaging.Message;

/**
 * Hands every event read from Kafka to its admin's buffer in Redis, a poll at a time: the
 * dispatched notifications of both lanes (bindings {@code deliver-in-0},
 * {@code deliverUrgent-in-0}) and the read-state changes (binding
 * {@code deliverState-in-0}). Each record is read on its own (one that cannot be read is
 * dead-lettered alone, with its reason); the others go to Redis in one pipelined round
 * trip. A poll is acknowledged to Kafka only once Redis has it: while Redis is away, the
 * consumer waits and tries again, for as long as it takes.
 */
@Configuration(proxyBeanMethods = false)
class Fanout {

	private static final Logger logger = LoggerFactory.getLogger(Fanout.class);

	@Bean
	Consumer<Message<List<byte[]>>> deliver(EventReader events, Handover handover, ObjectProvider<Tracer> tracers) {
		Tracer tracer = tracers.getIfAvailable(() -> Tracer.NOOP);
		return (poll) -> handover.append(poll, (record, batch) -> {
			NotificationDispatched notification = events.read(record, NotificationDispatched.class);
			batch.add(notification.recipientId(), notification.notificationId().toString(), EventKind.notification,
					(notification.createdAt() != null) ? notification.createdAt().toEpochMilli() : 0,
					TraceFields.added(json(record), tracer.currentSpan()));
		});
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<List<byte[]>>> deliverUrgent(@Qualifier("deliver") Consumer<Message<List<byte[]>>> deliver) {
		return deliver::accept;
	}

	@Bean
	Consumer<Message<List<byte[]>>> deliverState(EventReader events, Handover handover) {
		return (poll) -> handover.append(poll, (record, batch) -> {
			NotificationStateChanged change = events.read(record, NotificationStateChanged.class);
			batch.add(change.recipientId(), CloudEvents.requiredHeader(record, CloudEvents.ID), EventKind.state, 0,
					json(record));
		});
	}

	/**
	 * A poll that fails for another reason than a rejected record (a dead letter that
	 * cannot be sent) is tried again for as long as it takes, never skipped with the good
	 * records in it.
	 */
	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryPollsUntilDelivered() {
		return EventBatch.retryPollsUntilHandled();
	}

	@Bean
	Handover handover(AdminBuffers buffers, StreamBridge output, MeterRegistry meters,
			ObservationRegistry observations) {
		return new Handover(buffers, output, meters, observations);
	}

	private static String json(Message<byte[]> record) {
		return new String(record.getPayload(), StandardCharsets.UTF_8);
	}

	/**
	 * Reads a record into a batch.
	 */
	interface Reader {

		void read(Message<byte[]> record, AdminBuffers.Batch batch);

	}

	/**
	 * Appends a poll to Redis, waiting out a Redis outage.
	 */
	static class Handover {

		private final AdminBuffers buffers;

		private final StreamBridge output;

		private final ObservationRegistry observations;

		private final Counter delivered;

		private final Counter duplicates;

		private final Counter rejected;

		private final RetryTemplate untilRedisAnswers = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.predicate(Handover::redisIsAway)
			.build());

		Handover(AdminBuffers buffers, StreamBridge output, MeterRegistry meters, ObservationRegistry observations) {
			this.buffers = buffers;
			this.observations = observations;
			this.output = output;
			this.delivered = fanout(meters, "delivered");
			this.duplicates = fanout(meters, "duplicate");
			this.rejected = fanout(meters, "rejected");
			this.untilRedisAnswers.setRetryListener(new RetryListener() {
				@Override
				public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
					logger.warn("Redis does not answer ({}); the poll waits, unacknowledged", failure.getMessage());
				}
			});
		}

		void append(Message<List<byte[]>> poll, Reader reader) {
			AdminBuffers.Batch batch = this.buffers.batch();
			this.rejected.increment(EventBatch.of(poll, this.observations)
				.readEach((record) -> reader.read(record, batch), this.output));
			int appended = this.untilRedisAnswers.invoke(batch::append);
			this.delivered.increment(appended);
			this.duplicates.increment(batch.size() - appended);
		}

		/**
		 * Whether a failure says Redis is unreachable or not answering (a pipeline wraps
		 * the failures of its commands), rather than something wrong with the events.
		 */
		static boolean redisIsAway(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof RedisConnectionFailureException || cause instanceof QueryTimeoutException
						|| cause instanceof RedisPipelineException pipeline && pipeline.getPipelineResult()
							.stream()
							.anyMatch((result) -> result instanceof Throwable thrown && redisIsAway(thrown))) {
					return true;
				}
			}
			return false;
		}

		private static Counter fanout(MeterRegistry meters, String outcome) {
			return Counter.builder("notify.gateway.fanout")
				.description("Events read from Kafka, by outcome")
				.tag("outcome", outcome)
				.register(meters);
		}

	}

}
