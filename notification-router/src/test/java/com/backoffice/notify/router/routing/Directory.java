package com.backoffice.notify.router.routing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes admins and preferences to the directory topics, as the identity service and
 * the store would.
 */
final class Directory {

	static final String ADMINS = "admin.directory.v1";

	static final String PREFERENCES = "notification.preferences.v1";

	private static final JsonMapper json = JsonMapper.builder().build();

	private Directory() {
	}

	static void operator(String adminId, List<String> mallIds, List<String> roles) {
		admin(ADMINS, adminId, "OPERATOR", mallIds, null, roles, true);
	}

	static void partner(String adminId, String partnerId, List<String> roles) {
		admin(ADMINS, adminId, "PARTNER", List.of(), partnerId, roles, true);
	}

	static void admin(String topic, String adminId, String kind, List<String> mallIds, String partnerId,
			List<String> roles, boolean active) {
		Map<String, Object> admin = new LinkedHashMap<>();
		admin.put("adminId", adminId);
		admin.put("kind", kind);
		admin.put("mallIds", mallIds);
		admin.put("partnerId", partnerId);
		admin.put("roles", roles);
		admin.put("active", active);
		admin.put("locale", "ko-KR");
		admin.put("updatedAt", Instant.now().toString());
		publish(topic, adminId, admin);
	}

	static void remove(String adminId) {
		KafkaTestClient.shared().tombstone(ADMINS, adminId);
	}

	static void preferences(String adminId, List<String> muted, Map<String, List<String>> channels) {
		publish(PREFERENCES, adminId, Map.of("adminId", adminId, "muted", muted, "channels", channels, "updatedAt",
				Instant.now().toString()));
	}

	private static void publish(String topic, String key, Object value) {
		KafkaTestClient.shared()
			.send(topic, key, json.writeValueAsString(value),
					KafkaTestClient.cloudEvent(UUID.randomUUID().toString(), topic, "/identity"));
	}

}
