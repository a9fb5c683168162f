package com.backoffice.notify.gateway.console;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin console the gateway serves at {@code /}.
 *
 * @param storeUrl where the browser reaches the notification-store's API (its origin must
 * be allowed there: {@code notify.security.cors.allowed-origins})
 * @param devAdmins admins offered on the console's sign-in page, by id, with a label;
 * only where a development token endpoint exists (the local profile)
 */
@ConfigurationProperties("notify.gateway.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8081") URI storeUrl, Map<String, String> devAdmins) {

	public ConsoleProperties {
		devAdmins = (devAdmins != null) ? Map.copyOf(devAdmins) : Map.of();
	}

}
