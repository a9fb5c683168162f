package com.backoffice.notify.store.timeline;

import java.util.function.Consumer;

import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binds {@code store-in-0} ({@code notification.dispatched.v1}) to the timeline table.
 */
@Configuration(proxyBeanMethods = false)
class TimelineIngest {

	private static final Logger logger = LoggerFactory.getLogger(TimelineIngest.class);

	@Bean
	Consumer<Message<byte[]>> store(EventReader events, TimelineRepository timeline, MeterRegistry meters) {
		Counter stored = Counter.builder("notify.store.ingested")
			.description("Dispatched notifications read from Kafka, by outcome")
			.tag("outcome", "stored")
			.register(meters);
		Counter duplicates = Counter.builder("notify.store.ingested")
			.description("Dispatched notifications read from Kafka, by outcome")
			.tag("outcome", "duplicate")
			.register(meters);
		return (message) -> {
			NotificationDispatched notification = events.read(message, NotificationDispatched.class);
			if (timeline.insertIfAbsent(notification)) {
				stored.increment();
				logger.debug("Stored {} for {}", notification.notificationId(), notification.recipientId());
			}
			else {
				duplicates.increment();
				logger.debug("Dropped redelivered {}", notification.notificationId());
			}
		};
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<byte[]>> storeUrgent(@Qualifier("store") Consumer<Message<byte[]>> store) {
		return store::accept;
	}

}
