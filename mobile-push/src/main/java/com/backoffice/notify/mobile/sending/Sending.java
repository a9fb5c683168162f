package com.backoffice.notify.mobile.sending;

import java.util.function.Consumer;

import com.backoffice.notify.support.EventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binds {@code push-in-0} ({@code notification.dispatched.v1}): counts what is meant for
 * the app. Sending through FCM builds on this.
 */
@Configuration(proxyBeanMethods = false)
class Sending {

	private static final Logger logger = LoggerFactory.getLogger(Sending.class);

	@Bean
	Consumer<Message<byte[]>> push(EventReader events, MeterRegistry meters) {
		Counter mobile = Counter.builder("notify.mobile.received").tag("channel", "mobile").register(meters);
		Counter other = Counter.builder("notify.mobile.received").tag("channel", "web-only").register(meters);
		return (message) -> {
			NotificationDispatched notification = events.read(message, NotificationDispatched.class);
			if (notification.forMobile()) {
				mobile.increment();
				logger.debug("Push due for {}: {}", notification.recipientId(), notification.notificationId());
			}
			else {
				other.increment();
			}
		};
	}

	/**
	 * The urgent lane ({@code notification.dispatched.urgent.v1}), read by a binding of
	 * its own so that URGENT and HIGH notifications never wait behind a bulk backlog.
	 */
	@Bean
	Consumer<Message<byte[]>> pushUrgent(@Qualifier("push") Consumer<Message<byte[]>> push) {
		return push::accept;
	}

}
