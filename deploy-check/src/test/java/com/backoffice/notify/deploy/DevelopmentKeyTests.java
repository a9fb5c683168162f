package com.backoffice.notify.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.backoffice.notify.deploy.Manifests.Doc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No deployment starts a service with the development sign-in: {@code docker compose up}
 * (which reads {@code docker-compose.yml} and, if there is one, an override file by its
 * default name) and every Kubernetes render. {@code docker-compose.dev.yml}, which adds
 * it on purpose, is read only when named.
 */
class DevelopmentKeyTests {

	private static final Path ROOT = DeploymentManifestTests.ROOT;

	/** The files {@code docker compose up} reads without {@code -f}. */
	private static final List<String> COMPOSE_DEFAULTS = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
			"docker-compose.yaml", "compose.override.yaml", "compose.override.yml", "docker-compose.override.yml",
			"docker-compose.override.yaml");

	private final DevelopmentKeys check = DevelopmentKeys.of(ROOT);

	@Test
	void composeStartsNoServiceWithTheDevelopmentSignIn() {
		List<String> found = new ArrayList<>();
		List<String> read = new ArrayList<>();
		for (String name : COMPOSE_DEFAULTS) {
			Path file = ROOT.resolve(name);
			if (Files.exists(file)) {
				read.add(name);
				found.addAll(this.check.findIn(name, Manifests.loadOne(file)));
			}
		}

		assertThat(read).contains("docker-compose.yml");
		assertThat(found).isEmpty();
	}

	@Test
	void kubernetesStartsNoServiceWithTheDevelopmentSignIn() {
		List<String> problems = new ArrayList<>();
		List<String> found = new ArrayList<>();
		for (List<Doc> render : Manifests.renders(ROOT, problems).values()) {
			for (Doc doc : render) {
				found.addAll(this.check.findIn(doc.file() + " (" + doc.kind() + " " + doc.name() + ")", doc.body()));
			}
		}

		assertThat(problems).isEmpty();
		assertThat(found).isEmpty();
	}

	@Test
	void findsEveryWayAComposeFileCouldStartIt() {
		List<String> found = this.check.findIn("fixture",
				Manifests.loadOne(fixture("development-sign-in.compose.yml")));

		assertFinds(found, "services.notification-router.environment.SPRING_PROFILES_ACTIVE starts the local profile",
				"services.notification-router.environment.NOTIFY_DEV_HMAC_SECRET holds the development secret",
				"services.notification-store.environment[0] starts the local profile",
				"services.push-gateway.command[0] starts the local profile",
				"services.mobile-push.environment.NOTIFY_SECURITY_JWT_HMAC_SECRET sets an HMAC key");
	}

	@Test
	void findsEveryWayAKubernetesObjectCouldStartIt() {
		List<String> found = new ArrayList<>();
		for (Doc doc : Manifests.load(ROOT, fixture("development-sign-in.k8s.yml"))) {
			found.addAll(this.check.findIn(doc.kind(), doc.body()));
		}

		assertFinds(found, "ConfigMap: data.SPRING_PROFILES_ACTIVE starts the local profile",
				"Deployment: spec.template.spec.containers[0].env[0].value starts the local profile",
				"Secret: stringData.NOTIFY_DEV_HMAC_SECRET sets an HMAC key",
				"Secret: stringData.NOTIFY_DEV_HMAC_SECRET holds the development secret");
	}

	@Test
	void theDevelopmentOverrideStartsItForEveryServiceOnlyWhenNamed() throws IOException {
		// compose's merge tags (!override, !reset) mean nothing to the check
		String text = Files.readString(ROOT.resolve("docker-compose.dev.yml")).replaceAll(" !(override|reset)\\b", "");
		Map<String, Object> development = new Yaml().load(text);

		List<String> found = this.check.findIn("docker-compose.dev.yml", development);

		assertFinds(found, DeploymentManifestTests.SERVICES.stream()
			.map((service) -> "services." + service + ".environment.SPRING_PROFILES_ACTIVE starts the local profile")
			.toArray(String[]::new));
		assertThat(COMPOSE_DEFAULTS).doesNotContain("docker-compose.dev.yml");
	}

	private static void assertFinds(List<String> found, String... findings) {
		for (String finding : findings) {
			assertThat(found).as("findings").anySatisfy((line) -> assertThat(line).contains(finding));
		}
	}

	private static Path fixture(String name) {
		return ROOT.resolve("deploy-check/src/test/resources/fixtures").resolve(name);
	}

}
