package com.backoffice.notify.infrastructure.test;

import java.util.Locale;

import org.springframework.util.ClassUtils;

/**
 * Where Redis and PostgreSQL come from in this test run.
 */
public enum InfrastructureMode {

	/** Testcontainers, because a Docker engine answered. */
	DOCKER,

	/** Server binaries delivered by Maven artifacts. */
	EMBEDDED;

	private static final String PROPERTY = "notify.test.infrastructure";

	/**
	 * Chooses the mode: the {@code notify.test.infrastructure} system property or
	 * {@code NOTIFY_TEST_INFRASTRUCTURE} environment variable when set to {@code docker}
	 * or {@code embedded}, else {@code DOCKER} when a Docker engine answers.
	 * @return the mode and why it was chosen
	 */
	static Choice choose() {
		String requested = System.getProperty(PROPERTY, System.getenv("NOTIFY_TEST_INFRASTRUCTURE"));
		if (requested != null && !requested.isBlank() && !requested.equalsIgnoreCase("auto")) {
			return new Choice(valueOf(requested.trim().toUpperCase(Locale.ROOT)), PROPERTY + "=" + requested);
		}
		if (!ClassUtils.isPresent("org.testcontainers.DockerClientFactory", null)) {
			return new Choice(EMBEDDED, "Testcontainers is not on the classpath");
		}
		return DockerProbe.dockerAvailable() ? new Choice(DOCKER, "a Docker engine answered")
				: new Choice(EMBEDDED, "no Docker engine answered");
	}

	record Choice(InfrastructureMode mode, String reason) {
	}

	private static final class DockerProbe {

		static boolean dockerAvailable() {
			return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}

	}

}
