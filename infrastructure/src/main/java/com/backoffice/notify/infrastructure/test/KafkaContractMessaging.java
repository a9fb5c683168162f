package com.backoffice.notify.infrastructure.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.contract.verifier.converter.YamlContract;
import org.springframework.cloud.contract.verifier.messaging.MessageVerifierReceiver;
import org.springframework.cloud.contract.verifier.messaging.MessageVerifierSender;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Spring Cloud Contract messaging over the real Kafka broker: contract 5 ships no Kafka
 * support of its own. The sender publishes a stub's message the way a plain Kafka client
 * would (headers as UTF-8 bytes); the receiver reads what a service published after the
 * test called {@link Receiver#startAtEnd(String)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaContractMessaging {

	/** The header a contract names the record key with. */
	static final String KEY_HEADER = "kafka_messageKey";

	@Bean
	Sender kafkaContractSender() {
		return new Sender();
	}

	@Bean(destroyMethod = "close")
	Receiver kafkaContractReceiver() {
		return new Receiver(SharedServers.kafka().bootstrapServers());
	}

	/**
	 * Publishes stub messages to Kafka.
	 */
	public static class Sender implements MessageVerifierSender<Message<?>> {

		@Override
		public void send(Message<?> message, String destination, YamlContract contract) {
			send(message.getPayload(), message.getHeaders(), destination, contract);
		}

		@Override
		public <T> void send(T payload, Map<String, Object> headers, String destination, YamlContract contract) {
			Map<String, String> textHeaders = new HashMap<>();
			if (headers != null) {
				headers.forEach((name, value) -> {
					if (value != null && !name.equals("id") && !name.equals("timestamp")) {
						textHeaders.put(name, value.toString());
					}
				});
			}
			String key = textHeaders.remove(KEY_HEADER);
			byte[] bytes = (payload instanceof byte[] raw) ? raw
					: String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
			try (KafkaTestClient kafka = KafkaTestClient.connect()) {
				kafka.send(destination, key, bytes, textHeaders);
			}
		}

	}

	/**
	 * Reads what services publish, from the offsets a test started at.
	 */
	public static class Receiver implements MessageVerifierReceiver<Message<?>>, AutoCloseable {

		private final Map<String, KafkaConsumer<String, String>> consumers = new HashMap<>();

		private final String bootstrapServers;

		Receiver(String bootstrapServers) {
			this.bootstrapServers = bootstrapServers;
		}

		/**
		 * Forgets what a topic held so far: the next receive returns only what is
		 * published from now on. Call it before triggering.
		 * @param topic the topic
		 */
		public synchronized void startAtEnd(String topic) {
			KafkaConsumer<String, String> consumer = this.consumers.computeIfAbsent(topic, this::assign);
			consumer.seekToEnd(consumer.assignment());
			consumer.assignment().forEach(consumer::position);
		}

		@Override
		public synchronized Message<?> receive(String destination, long timeout, TimeUnit unit, YamlContract contract) {
			KafkaConsumer<String, String> consumer = this.consumers.get(destination);
			if (consumer == null) {
				throw new IllegalStateException("Call startAtEnd(\"" + destination + "\") before triggering");
			}
			long deadline = System.nanoTime() + unit.toNanos(timeout);
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
					consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
					return toMessage(record);
				}
			}
			return null;
		}

		@Override
		public Message<?> receive(String destination, YamlContract contract) {
			return receive(destination, 15, TimeUnit.SECONDS, contract);
		}

		private KafkaConsumer<String, String> assign(String topic) {
			Properties properties = new Properties();
			properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
			properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
			properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
			KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
					new StringDeserializer());
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			return consumer;
		}

		private static Message<String> toMessage(ConsumerRecord<String, String> record) {
			MessageBuilder<String> message = MessageBuilder.withPayload(record.value());
			for (Header header : record.headers()) {
				message.setHeader(header.key(), new String(header.value(), StandardCharsets.UTF_8));
			}
			if (record.key() != null) {
				message.setHeader(KEY_HEADER, record.key());
			}
			return message.build();
		}

		@Override
		public synchronized void close() {
			this.consumers.values().forEach(KafkaConsumer::close);
		}

	}

}
