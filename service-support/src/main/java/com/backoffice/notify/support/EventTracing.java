package com.backoffice.notify.support;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The trace of one event read from Kafka. The binder traces a record-mode binding itself;
 * a batch binding is traced here record by record, each record's span a child of the span
 * its producer sent it in (its {@code traceparent} header), so that one trace follows a
 * notification from the domain's publish to the browser and the phone.
 */
public final class EventTracing {

	/** The observation of reading one record. */
	public static final String RECEIVED = "notify.event.received";

	private EventTracing() {
	}

	/**
	 * Returns the observation of reading one record, not started, continuing the trace
	 * its headers carry.
	 * @param record the record, with its headers
	 * @param observations the registry
	 * @return the observation
	 */
	public static Observation received(Message<byte[]> record, ObservationRegistry observations) {
		String topic = String.valueOf(record.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
		return continued(record, RECEIVED, topic + " receive", observations).lowCardinalityKeyValue("topic", topic);
	}

	/**
	 * Returns an observation, not started, whose span is a child of the one a W3C trace
	 * parent names.
	 * @param traceparent the parent, {@code 00-<trace id>-<span id>-<flags>}
	 * @param name the observation's name
	 * @param contextualName the span's name
	 * @param observations the registry
	 * @return the observation
	 */
	public static Observation continued(String traceparent, String name, String contextualName,
			ObservationRegistry observations) {
		ReceiverContext<String> context = new ReceiverContext<>(
				(parent, header) -> "traceparent".equals(header) ? parent : null);
		context.setCarrier(traceparent);
		return Observation.createNotStarted(name, () -> context, observations).contextualName(contextualName);
	}

	/**
	 * Returns an observation, not started, whose span is a child of the one a carrier's
	 * headers name ({@code traceparent}).
	 * @param carrier the message whose headers carry the trace
	 * @param name the observation's name
	 * @param contextualName the span's name
	 * @param observations the registry
	 * @return the observation
	 */
	public static Observation continued(Message<?> carrier, String name, String contextualName,
			ObservationRegistry observations) {
		ReceiverContext<Message<?>> context = new ReceiverContext<>(CloudEvents::header);
		context.setCarrier(carrier);
		context.setRemoteServiceName("kafka");
		return Observation.createNotStarted(name, () -> context, observations).contextualName(contextualName);
	}

}
