package com.backoffice.notify.router.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.EventReader;
import com.backoffice.notify.support.RejectedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Binds {@code route-in-0} ({@code notification.requested.v1}) to {@code route-out-0}
 * ({@code notification.dispatched.v1}).
 */
@Configuration(proxyBeanMethods = false)
class Routing {

	static final String REQUESTED = "notification.requested.v1";

	static final String DISPATCHED = "notification.dispatched.v1";

	static final String SOURCE = "/notification-router";

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Function<Message<byte[]>, List<Message<NotificationDispatched>>> route(EventReader events, Clock clock,
			MeterRegistry meters) {
		Counter received = Counter.builder("notify.router.requests").tag("outcome", "routed").register(meters);
		Counter dispatched = Counter.builder("notify.router.dispatched").register(meters);
		return (message) -> {
			String eventId = CloudEvents.requiredHeader(message, CloudEvents.ID);
			String source = CloudEvents.requiredHeader(message, CloudEvents.SOURCE);
			String type = CloudEvents.requiredHeader(message, CloudEvents.TYPE);
			if (!REQUESTED.equals(type)) {
				throw new RejectedEventException("header ce_type is '" + type + "', expected '" + REQUESTED + "'");
			}
			NotificationRequested request = events.read(message, NotificationRequested.class);
			Instant now = clock.instant();
			List<Message<NotificationDispatched>> out = recipients(request).stream()
				.map((recipient) -> dispatch(eventId, source, recipient, request, now))
				.toList();
			received.increment();
			dispatched.increment(out.size());
			return out;
		};
	}

	/**
	 * Resolves who receives a request. Only explicit admin ids for now: mall, partner and
	 * everyone audiences need the admin directory.
	 */
	private static Set<String> recipients(NotificationRequested request) {
		return new LinkedHashSet<>(request.audience().adminIds());
	}

	private static Message<NotificationDispatched> dispatch(String eventId, String source, String recipient,
			NotificationRequested request, Instant now) {
		NotificationDispatched notification = new NotificationDispatched(
				NotificationDispatched.idFor(eventId, recipient), eventId, recipient, request.type(),
				request.priority(), request.title(), request.body(), request.link(), request.data(),
				(request.channels() != null) ? request.channels() : List.of(Channel.WEB, Channel.MOBILE),
				request.groupKey(), source, now, request.expiresAt());
		return CloudEvents
			.withHeaders(MessageBuilder.withPayload(notification), notification.notificationId().toString(), DISPATCHED,
					SOURCE, now)
			.setHeader(KafkaHeaders.KEY, recipient)
			.build();
	}

}
