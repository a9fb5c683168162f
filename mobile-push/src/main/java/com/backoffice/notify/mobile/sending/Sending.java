package com.backoffice.notify.mobile.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.backoffice.notify.support.EventBatch;
import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.messaging.Message;

/**
 * Binds {@code push-in-0} ({@code notification.dispatched.v1}) in batch mode: each poll's
 * notifications meant for the app are pushed together, so FCM calls are full when traffic
 * is heavy and a lone notification goes at once when it is light. A record that cannot be
 * read is dead-lettered alone; a poll that cannot be handled (the database is down) is
 * tried again until it can.
 */
@Configuration(proxyBeanMethods = false)
class Sending {

	@Bean
	Consumer<Message<List<byte[]>>> push(EventReader events, Pushes pushes, StreamBridge output, MeterRegistry meters,
			ObservationRegistry observations) {
		Counter mobile = received(meters, "mobile");
		Counter other = received(meters, "web-only");
		return (poll) -> {
			EventBatch batch = EventBatch.of(poll, observations);
			List<Pushes.Due> due = new ArrayList<>(batch.size());
			batch.readEach((record) -> {
				NotificationDispatched notification = events.read(record, NotificationDispatched.class);
				if (notification.forMobile()) {
					mobile.increment();
					due.add(new Pushes.Due(notification, record));
				}
				else {
					other.increment();
				}
			}, output);
			pushes.push(due);
		};
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<List<byte[]>>> pushUrgent(@Qualifier("push") Consumer<Message<List<byte[]>>> push) {
		return push::accept;
	}

	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryPollsUntilPushed() {
		return EventBatch.retryPollsUntilHandled();
	}

	private static Counter received(MeterRegistry meters, String channel) {
		return Counter.builder("notify.mobile.received")
			.description("Dispatched notifications read, by whether they are meant for the app")
			.tag("channel", channel)
			.register(meters);
	}

}
