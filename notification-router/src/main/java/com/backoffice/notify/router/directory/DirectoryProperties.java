package com.backoffice.notify.router.directory;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admin directory settings.
 *
 * @param adminsTopic the compacted topic of admins, keyed by admin id
 * @param preferencesTopic the compacted topic of preferences, keyed by admin id
 * @param gatedBindings the input bindings that start only once the directory has caught
 * up
 * @param pollTimeout how long one poll of the topics waits for records
 */
@ConfigurationProperties("notify.router.directory")
public record DirectoryProperties(@DefaultValue("admin.directory.v1") String adminsTopic,
		@DefaultValue("notification.preferences.v1") String preferencesTopic, @DefaultValue( {
				"route-in-0", "expand-in-0" }) List<String> gatedBindings,
		@DefaultValue("200ms") Duration pollTimeout){

}
