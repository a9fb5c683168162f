package com.backoffice.notify.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The local run's admins (ARCHITECTURE.md, "Local run"), published to
 * {@code admin.directory.v1} as the identity service would.
 */
final class SeededAdmins {

	record Admin(String id, String json) {
	}

	static final List<Admin> ADMINS = List.of(
			admin("op-m1", "OPERATOR", "[\"m-1\"]", null, "[\"orders\", \"claims\", \"inquiries\"]"),
			admin("op-m2", "OPERATOR", "[\"m-2\"]", null, "[\"orders\", \"claims\", \"inquiries\"]"),
			admin("pt-p1", "PARTNER", "[]", "p-1", "[\"products\", \"claims\"]"),
			admin("pl-1", "PLATFORM", "[]", null, "[\"fraud-reviewer\", \"operations\"]"));

	private SeededAdmins() {
	}

	private static Admin admin(String id, String kind, String malls, String partner, String roles) {
		return new Admin(id, """
				{"adminId": "%s", "kind": "%s", "mallIds": %s, "partnerId": %s, "roles": %s, "active": true, \
				"locale": "ko-KR", "updatedAt": "%s"}""".formatted(id, kind, malls,
				(partner != null) ? "\"" + partner + "\"" : "null", roles, Instant.now()));
	}

	static void publish(String bootstrapServers) throws InterruptedException, ExecutionException {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new StringSerializer())) {
			for (Admin admin : ADMINS) {
				ProducerRecord<String, String> record = new ProducerRecord<>("admin.directory.v1", admin.id(),
						admin.json());
				header(record, "ce_id", UUID.randomUUID().toString());
				header(record, "ce_source", "/local-run");
				header(record, "ce_type", "admin.directory.v1");
				header(record, "ce_specversion", "1.0");
				header(record, "ce_time", Instant.now().toString());
				header(record, "content-type", "application/json");
				producer.send(record).get();
			}
		}
	}

	private static void header(ProducerRecord<String, String> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
