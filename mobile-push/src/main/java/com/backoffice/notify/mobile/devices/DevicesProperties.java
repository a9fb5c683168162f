package com.backoffice.notify.mobile.devices;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The device registry's upkeep.
 *
 * @param staleAfter a device that has not registered again for this long is forgotten
 * (FCM treats a token unused for a month as stale; the app registers on every start)
 * @param maxPerAdmin devices kept per admin; registering one more forgets the one seen
 * least recently
 * @param pruneInterval how often stale devices are looked for
 */
@ConfigurationProperties("notify.mobile.devices")
public record DevicesProperties(@DefaultValue("30d") Duration staleAfter, @DefaultValue("20") int maxPerAdmin,
		@DefaultValue("1h") Duration pruneInterval) {

}
