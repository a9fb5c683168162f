package com.backoffice.notify.launcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;

/**
 * The local run's admins (docs/ARCHITECTURE.md, "Local run"), published to
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
				producer
					.send(KafkaTestClient.cloudEventRecord("admin.directory.v1", admin.id(), admin.json(),
							UUID.randomUUID().toString(), "/local-run"))
					.get();
			}
		}
	}

}
