package com.backoffice.notify.router.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Waits until what the router sent has reached Kafka. The binder commits a request's
 * offset as soon as {@code route} or {@code expand} returns, while the sends through
 * {@code StreamBridge} are still in the producers' buffers: a router killed then would
 * lose them, the request never routed again. So each ends by flushing the producers of
 * the bindings it sent on: one wait per request or chunk, not per recipient.
 */
@Component
class Deliveries implements ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> {

	private final Map<String, KafkaTemplate<?, ?>> templates = new ConcurrentHashMap<>();

	@Override
	public void configure(KafkaProducerMessageHandler<?, ?> handler, String destination) {
		this.templates.put(destination, handler.getKafkaTemplate());
	}

	/**
	 * Returns once every record sent so far is acknowledged by the broker (or has failed,
	 * which the binder logs).
	 */
	void flush() {
		this.templates.values().forEach(KafkaTemplate::flush);
	}

}
