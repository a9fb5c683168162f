package com.backoffice.notify.mobile.devices;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets the devices whose app has not registered for {@code stale-after}: they were
 * uninstalled, or their token changed and the old one will never work again.
 */
@Component
class DevicePruning {

	private final DeviceDirectory devices;

	DevicePruning(DeviceDirectory devices) {
		this.devices = devices;
	}

	@Scheduled(fixedDelayString = "${notify.mobile.devices.prune-interval:1h}", initialDelayString = "1m")
	void prune() {
		this.devices.pruneStale();
	}

}
