package com.backoffice.notify.gateway.console;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console's script needs to know: where the store is, and whom it may sign in as
 * in a local run.
 */
@RestController
class ConsoleConfig {

	private final ConsoleProperties properties;

	ConsoleConfig(ConsoleProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/console/config")
	Map<String, Object> config() {
		List<Map<String, String>> admins = this.properties.devAdmins()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((admin) -> Map.of("id", admin.getKey(), "label", admin.getValue()))
			.toList();
		return Map.of("storeUrl", this.properties.storeUrl().toString(), "devAdmins", admins);
	}

}
