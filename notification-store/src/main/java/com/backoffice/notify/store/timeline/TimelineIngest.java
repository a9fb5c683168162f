package com.backoffice.notify.store.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.backoffice.notify.support.EventBatch;
import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.messaging.Message;

/**
 * Binds {@code store-in-0} ({@code notification.dispatched.v1}) to the timeline table, a
 * poll at a time: each record is read on its own (one that cannot be read goes to the
 * dead letters alone), and the readable ones are stored in one statement.
 */
@Configuration(proxyBeanMethods = false)
class TimelineIngest {

	private static final Logger logger = LoggerFactory.getLogger(TimelineIngest.class);

	@Bean
	Consumer<Message<List<byte[]>>> store(EventReader events, TimelineRepository timeline, StreamBridge output,
			MeterRegistry meters, ObservationRegistry observations) {
		Counter stored = ingested(meters, "stored");
		Counter duplicates = ingested(meters, "duplicate");
		Counter rejected = ingested(meters, "rejected");
		return (poll) -> {
			EventBatch batch = EventBatch.of(poll, observations);
			List<NotificationDispatched> readable = new ArrayList<>(batch.size());
			rejected.increment(batch
				.readEach((record) -> readable.add(events.read(record, NotificationDispatched.class)), output));
			int added = timeline.insertAllIfAbsent(readable);
			stored.increment(added);
			duplicates.increment(readable.size() - added);
			logger.debug("Stored {} of {} notifications", added, batch.size());
		};
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<List<byte[]>>> storeUrgent(@Qualifier("store") Consumer<Message<List<byte[]>>> store) {
		return store::accept;
	}

	/**
	 * A poll that cannot be stored (the database is down) is tried again for as long as
	 * it takes.
	 */
	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryPollsUntilStored() {
		return EventBatch.retryPollsUntilHandled();
	}

	private static Counter ingested(MeterRegistry meters, String outcome) {
		return Counter.builder("notify.store.ingested")
			.description("Dispatched notifications read from Kafka, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

}
