package com.backoffice.notify.router.directory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code directory} in the readiness group: DOWN until the directory has caught up.
 */
@Component
class DirectoryHealthIndicator implements HealthIndicator {

	private final DirectoryLoader loader;

	private final AdminDirectory directory;

	DirectoryHealthIndicator(DirectoryLoader loader, AdminDirectory directory) {
		this.loader = loader;
		this.directory = directory;
	}

	@Override
	public Health health() {
		DirectoryLoader.Progress progress = this.loader.progress();
		Health.Builder health = progress.warm() ? Health.up() : Health.down();
		health.withDetail("admins", this.directory.size()).withDetail("recordsRead", progress.records());
		if (progress.warm()) {
			health.withDetail("warmedInMs", progress.warmedIn().toMillis());
		}
		else {
			health.withDetail("recordsBehind", progress.behind());
		}
		return health.build();
	}

}
