package com.backoffice.notify.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import com.backoffice.notify.deploy.Manifests.Doc;
import com.backoffice.notify.infrastructure.PlatformTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code docker compose up} and {@code kubectl apply -k} would get, checked against
 * the schemas and against the services' own configuration. Each failure names the file
 * and the field.
 */
class DeploymentManifestTests {

	static final Path ROOT = Path.of(System.getProperty("notify.root", "..")).toAbsolutePath().normalize();

	static final List<String> SERVICES = List.of("notification-router", "notification-store", "push-gateway",
			"mobile-push");

	private static final Pattern TOPIC = Pattern
		.compile("\\b(?:notification|admin)\\.[a-z]+(?:\\.[a-z]+)*\\.v\\d+(?:\\.dlq)?\\b");

	private static final ObjectMapper json = new ObjectMapper();

	private final List<String> problems = new ArrayList<>();

	@Test
	void everyManifestMatchesItsSchema() throws IOException {
		Map<String, JsonSchema> kubernetes = kubernetesSchemas();
		JsonSchema kafkaTopic = schema(read("/schemas/strimzi-kafkatopic-v1beta2.json"));
		for (Doc doc : everyKubernetesDoc()) {
			String apiVersion = String.valueOf(doc.body().get("apiVersion"));
			JsonSchema schema = doc.kind().equals("KafkaTopic") ? kafkaTopic
					: kubernetes.get(apiVersion + "/" + doc.kind());
			if (schema == null) {
				this.problems.add(doc.at("apiVersion/kind") + ": no schema for " + apiVersion + " " + doc.kind());
				continue;
			}
			validate(doc.file() + ": " + doc.kind() + " " + doc.name(), schema, doc.body());
		}
		Map<String, Object> compose = Manifests.loadOne(ROOT.resolve("docker-compose.yml"));
		validate("docker-compose.yml", schema(read("/schemas/compose-spec.json")), compose);
		assertNoProblems();
	}

	@Test
	void probesAskForPathsTheServicesServe() {
		for (Doc doc : everyKubernetesDoc()) {
			for (Map<String, Object> container : Manifests.containers(doc)) {
				String service = String.valueOf(container.get("name"));
				Set<String> served = servedPaths(service);
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					Object path = Manifests.flatten(container.get(probe)).get("httpGet.path");
					String field = "containers[" + service + "]." + probe + ".httpGet.path";
					if (path == null) {
						this.problems.add(doc.at(field) + ": missing");
					}
					else if (!served.contains(path)) {
						this.problems.add(doc.at(field) + ": '" + path + "' is not served by " + service
								+ " (its configuration serves " + served + ")");
					}
				}
			}
		}
		Map<String, Object> compose = Manifests.loadOne(ROOT.resolve("docker-compose.yml"));
		for (String service : SERVICES) {
			String test = String.valueOf(Manifests.flatten(composeService(compose, service).get("healthcheck")));
			Matcher get = Pattern.compile("GET (\\S+) ").matcher(test);
			String path = get.find() ? get.group(1) : "no path";
			if (!servedPaths(service).contains(path)) {
				this.problems.add("docker-compose.yml: services." + service + ".healthcheck.test: asks for " + path
						+ ", which " + service + " does not serve");
			}
		}
		assertNoProblems();
	}

	@Test
	void selectorsMatchThePodsTheyAreFor() {
		for (List<Doc> docs : renders().values()) {
			Map<String, Map<String, Object>> podLabels = new HashMap<>();
			for (Doc doc : docs) {
				if (doc.kind().equals("Deployment")) {
					Map<String, Object> spec = Manifests.map(doc.body(), "spec");
					Map<String, Object> labels = Manifests
						.map(Manifests.map(Manifests.map(spec, "template"), "metadata"), "labels");
					Map<String, Object> selector = Manifests.map(Manifests.map(spec, "selector"), "matchLabels");
					if (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
						this.problems.add(doc.at("spec.selector.matchLabels") + ": " + selector
								+ " does not match the pod template's labels " + labels);
					}
					podLabels.put(doc.name(), labels);
				}
			}
			for (Doc doc : docs) {
				Map<String, Object> spec = Manifests.map(doc.body(), "spec");
				switch (doc.kind()) {
					case "Service" -> requireSelects(doc, "spec.selector", Manifests.map(spec, "selector"), podLabels);
					case "PodDisruptionBudget" -> requireSelects(doc, "spec.selector.matchLabels",
							Manifests.map(Manifests.map(spec, "selector"), "matchLabels"), podLabels);
					case "HorizontalPodAutoscaler" -> {
						Object target = Manifests.map(spec, "scaleTargetRef").get("name");
						if (!podLabels.containsKey(String.valueOf(target))) {
							this.problems.add(doc.at("spec.scaleTargetRef.name") + ": no Deployment " + target);
						}
					}
					default -> {
					}
				}
			}
		}
		assertNoProblems();
	}

	@Test
	void portsAgreeBetweenServiceContainerAndTheApp() {
		for (List<Doc> docs : renders().values()) {
			Map<String, Map<String, Object>> containerPorts = new HashMap<>();
			for (Doc doc : docs) {
				for (Map<String, Object> container : Manifests.containers(doc)) {
					String service = String.valueOf(container.get("name"));
					int appPort = appPort(service);
					Map<String, Object> ports = new HashMap<>();
					for (Object port : Manifests.list(container, "ports")) {
						Map<String, Object> p = Manifests.cast((Map<?, ?>) port);
						ports.put(String.valueOf(p.get("name")), p.get("containerPort"));
						if (!p.get("containerPort").equals(appPort)) {
							this.problems
								.add(doc.at("containers[" + service + "].ports[" + p.get("name") + "].containerPort")
										+ ": " + p.get("containerPort") + ", but " + service + " listens on " + appPort
										+ " (server.port)");
						}
					}
					for (Object env : Manifests.list(container, "env")) {
						Map<String, Object> e = Manifests.cast((Map<?, ?>) env);
						if ("SERVER_PORT".equals(e.get("name")) && !String.valueOf(appPort).equals(e.get("value"))) {
							this.problems.add(doc.at("containers[" + service + "].env[SERVER_PORT]") + ": "
									+ e.get("value") + ", but the container port is " + appPort);
						}
					}
					containerPorts.put(doc.name(), ports);
				}
			}
			for (Doc doc : docs) {
				if (doc.kind().equals("Service")) {
					Map<String, Object> ports = containerPorts.getOrDefault(doc.name(), Map.of());
					for (Object port : Manifests.list(Manifests.map(doc.body(), "spec"), "ports")) {
						Object target = Manifests.cast((Map<?, ?>) port).get("targetPort");
						if (!ports.containsKey(String.valueOf(target)) && !ports.containsValue(target)) {
							this.problems.add(doc.at("spec.ports.targetPort") + ": '" + target
									+ "' is no port of the Deployment " + doc.name() + " " + ports);
						}
					}
				}
			}
		}
		Map<String, Object> compose = Manifests.loadOne(ROOT.resolve("docker-compose.yml"));
		for (String service : SERVICES) {
			Map<String, Object> definition = composeService(compose, service);
			int appPort = appPort(service);
			for (Object mapping : Manifests.list(definition, "ports")) {
				String containerPort = String.valueOf(mapping).replaceAll(".*:", "");
				if (!containerPort.equals(String.valueOf(appPort))) {
					this.problems.add("docker-compose.yml: services." + service + ".ports: '" + mapping + "', but "
							+ service + " listens on " + appPort);
				}
			}
			if (!String.valueOf(definition.get("healthcheck")).contains("/" + appPort)) {
				this.problems.add("docker-compose.yml: services." + service + ".healthcheck.test: not port " + appPort);
			}
		}
		assertNoProblems();
	}

	@Test
	void everyTopicTheServicesNameIsDefinedAlikeForComposeAndKubernetes() throws IOException {
		Map<String, List<String>> defined = new TreeMap<>();
		for (Doc doc : Manifests.build(ROOT, ROOT.resolve("k8s/kafka"), this.problems)) {
			Map<String, Object> spec = Manifests.map(doc.body(), "spec");
			Map<String, Object> config = Manifests.map(spec, "config");
			defined.put(String.valueOf(spec.get("topicName")), List.of(String.valueOf(spec.get("partitions")),
					String.valueOf(config.get("cleanup.policy")), String.valueOf(config.get("retention.ms"))));
		}
		Map<String, List<String>> compose = new TreeMap<>();
		String script = Files.readString(ROOT.resolve("deploy/compose/create-topics.sh"));
		Matcher line = Pattern.compile("(?m)^((?:notification|admin)\\S+) (\\d+) (\\w+) (-?\\d+)$").matcher(script);
		while (line.find()) {
			compose.put(line.group(1), List.of(line.group(2), line.group(3), line.group(4)));
		}
		if (!defined.equals(compose)) {
			this.problems.add("deploy/compose/create-topics.sh and k8s/kafka/topics.yaml disagree: compose " + compose
					+ ", Kubernetes " + defined);
		}
		for (PlatformTopics.Topic topic : PlatformTopics.ALL) {
			List<String> kubernetes = defined.get(topic.name());
			List<String> expected = List.of(String.valueOf(topic.partitions()),
					topic.compacted() ? "compact" : "delete");
			if (kubernetes == null || !kubernetes.subList(0, 2).equals(expected)) {
				this.problems.add("k8s/kafka/topics.yaml: spec of " + topic.name() + ": " + kubernetes
						+ ", but the platform's topics (PlatformTopics) are " + expected);
			}
			if (!defined.containsKey(topic.name() + ".dlq")) {
				this.problems.add("k8s/kafka/topics.yaml: no " + topic.name() + ".dlq");
			}
		}
		Map<String, String> named = new TreeMap<>();
		for (String service : SERVICES) {
			try (Stream<Path> files = Files.list(ROOT.resolve(service).resolve("src/main/resources"))) {
				for (Path file : files.filter((f) -> f.getFileName().toString().matches("application.*\\.ya?ml"))
					.toList()) {
					topicsIn(Files.readString(file))
						.forEach((topic) -> named.put(topic, ROOT.relativize(file).toString()));
				}
			}
		}
		for (Doc doc : everyKubernetesDoc()) {
			if (doc.kind().equals("ConfigMap")) {
				topicsIn(String.valueOf(doc.body().get("data"))).forEach((topic) -> named.put(topic, doc.at("data")));
			}
		}
		named.forEach((topic, where) -> {
			if (!defined.containsKey(topic)) {
				this.problems.add(where + ": names topic " + topic + ", which k8s/kafka/topics.yaml does not define");
			}
		});
		assertThat(named).as("topics found in the services' configuration")
			.containsKeys("notification.requested.v1", "notification.dispatched.v1", "admin.directory.v1");
		assertNoProblems();
	}

	@Test
	void everyImageIsPinnedAndNoneIsLatest() throws IOException {
		Map<String, Object> compose = Manifests.loadOne(ROOT.resolve("docker-compose.yml"));
		Manifests.map(compose, "services").forEach((name, definition) -> {
			String image = resolveDefaults(String.valueOf(Manifests.cast((Map<?, ?>) definition).get("image")));
			requirePinned("docker-compose.yml: services." + name + ".image", image);
		});
		for (Doc doc : everyKubernetesDoc()) {
			for (Map<String, Object> container : Manifests.containers(doc)) {
				requirePinned(doc.at("containers[" + container.get("name") + "].image"),
						String.valueOf(container.get("image")));
			}
		}
		String parent = Files.readString(ROOT.resolve("pom.xml"));
		Matcher base = Pattern.compile("<jib.from.image>([^<]+)</jib.from.image>").matcher(parent);
		if (!base.find() || !base.group(1).matches("[^@]+:[^@]+@sha256:[0-9a-f]{64}")) {
			this.problems.add("pom.xml: jib.from.image is not a tagged image pinned by digest");
		}
		Matcher user = Pattern.compile("<user>([^<]+)</user>").matcher(parent);
		if (!user.find() || user.group(1).startsWith("0") || user.group(1).startsWith("root")) {
			this.problems.add("pom.xml: Jib's container.user is root or missing");
		}
		assertNoProblems();
	}

	@Test
	void composeStartsEachServiceOnlyOnceWhatItNeedsIsHealthy() {
		Map<String, Object> services = Manifests.map(Manifests.loadOne(ROOT.resolve("docker-compose.yml")), "services");
		services.forEach((name, definition) -> {
			Map<String, Object> service = Manifests.cast((Map<?, ?>) definition);
			boolean job = name.equals("kafka-topics") || name.equals("kafka-ui");
			if (!job && service.get("healthcheck") == null) {
				this.problems.add("docker-compose.yml: services." + name + ".healthcheck: missing");
			}
			Manifests.map(service, "depends_on").forEach((dependency, how) -> {
				Object condition = Manifests.cast((Map<?, ?>) how).get("condition");
				Object expected = dependency.equals("kafka-topics") ? "service_completed_successfully"
						: "service_healthy";
				if (!expected.equals(condition)) {
					this.problems.add("docker-compose.yml: services." + name + ".depends_on." + dependency
							+ ".condition: " + condition + ", not " + expected);
				}
			});
		});
		assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "kafka-topics", "redis", "postgres",
				"kafka-ui");
		assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
		assertNoProblems();
	}

	// ---- what the checks read ----

	private Map<String, List<Doc>> renders() {
		return Manifests.renders(ROOT, this.problems);
	}

	private List<Doc> everyKubernetesDoc() {
		return renders().values().stream().flatMap(List::stream).toList();
	}

	private void requireSelects(Doc doc, String field, Map<String, Object> selector,
			Map<String, Map<String, Object>> podLabels) {
		boolean matches = !selector.isEmpty()
				&& podLabels.values().stream().anyMatch((labels) -> labels.entrySet().containsAll(selector.entrySet()));
		if (!matches) {
			this.problems.add(doc.at(field) + ": " + selector + " selects no pod of the Deployments " + podLabels);
		}
	}

	private void requirePinned(String where, String image) {
		String tag = Manifests.imageTag(image);
		if (tag == null && !image.contains("@sha256:")) {
			this.problems.add(where + ": '" + image + "' has no tag");
		}
		else if ("latest".equals(tag)) {
			this.problems.add(where + ": '" + image + "' is tagged latest");
		}
	}

	private static String resolveDefaults(String value) {
		return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
	}

	private static Map<String, Object> composeService(Map<String, Object> compose, String service) {
		return Manifests.map(Manifests.map(compose, "services"), service);
	}

	private static Set<String> topicsIn(String text) {
		Set<String> topics = new TreeSet<>();
		Matcher matcher = TOPIC.matcher(text);
		while (matcher.find()) {
			topics.add(matcher.group());
		}
		return topics;
	}

	static Map<String, Object> appConfig(String service) {
		return Manifests
			.flatten(Manifests.loadOne(ROOT.resolve(service).resolve("src/main/resources/application.yml")));
	}

	static int appPort(String service) {
		return (Integer) appConfig(service).get("server.port");
	}

	/** The actuator paths a service's own configuration serves. */
	static Set<String> servedPaths(String service) {
		Map<String, Object> config = appConfig(service);
		String base = String.valueOf(config.getOrDefault("management.endpoints.web.base-path", "/actuator"));
		Set<String> served = new LinkedHashSet<>();
		for (String endpoint : String.valueOf(config.get("management.endpoints.web.exposure.include")).split(",")) {
			served.add(base + "/" + endpoint.trim());
		}
		if (served.contains(base + "/health")) {
			if (Boolean.TRUE.equals(config.get("management.endpoint.health.probes.enabled"))) {
				served.add(base + "/health/liveness");
				served.add(base + "/health/readiness");
			}
			config.keySet()
				.stream()
				.map((key) -> key.replaceFirst("^management\\.endpoint\\.health\\.group\\.([^.]+)\\..*$", "$1"))
				.filter((group) -> !group.startsWith("management."))
				.forEach((group) -> served.add(base + "/health/" + group));
		}
		return served;
	}

	/**
	 * The Kubernetes API's schemas from fabric8's model jars, by {@code apiVersion/kind},
	 * made strict as kubectl is: a field the API does not have is an error.
	 */
	private static Map<String, JsonSchema> kubernetesSchemas() throws IOException {
		ObjectNode definitions = json.createObjectNode();
		Enumeration<URL> schemas = DeploymentManifestTests.class.getClassLoader()
			.getResources("schema/validation-schema.json");
		for (URL url : Collections.list(schemas)) {
			try (InputStream in = url.openStream()) {
				definitions.setAll((ObjectNode) json.readTree(in).get("definitions"));
			}
		}
		// written as a number or a string in YAML ("http", 8080; "250m", 1), not as the
		// model's object
		List<String> scalars = new ArrayList<>();
		definitions.fields().forEachRemaining((definition) -> {
			String javaType = definition.getValue().path("existingJavaType").asText();
			if (javaType.endsWith("Quantity") || javaType.endsWith("IntOrString")) {
				scalars.add(definition.getKey());
			}
		});
		scalars.forEach((name) -> definitions.set(name, json.createObjectNode()
			.set("type", json.createArrayNode().add("integer").add("number").add("string"))));
		Map<String, JsonSchema> byKind = new HashMap<>();
		Iterator<Map.Entry<String, JsonNode>> all = definitions.fields();
		List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
		all.forEachRemaining(entries::add);
		entries.forEach((entry) -> strict(entry.getValue()));
		for (Map.Entry<String, JsonNode> entry : entries) {
			JsonNode apiVersion = entry.getValue().at("/properties/apiVersion/default");
			JsonNode kind = entry.getValue().at("/properties/kind/default");
			if (apiVersion.isTextual() && kind.isTextual()) {
				ObjectNode schema = json.createObjectNode();
				schema.put("$schema", "http://json-schema.org/draft-07/schema#");
				schema.set("definitions", definitions);
				schema.put("$ref", "#/definitions/" + entry.getKey());
				byKind.put(apiVersion.asText() + "/" + kind.asText(), schema(schema));
			}
		}
		return byKind;
	}

	/** Unknown fields are errors, and fields marked required are required. */
	private static void strict(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("properties") && object.path("additionalProperties").isBoolean()) {
				object.put("additionalProperties", false);
			}
			if (object.has("properties")) {
				ArrayNode required = json.createArrayNode();
				object.get("properties").fields().forEachRemaining((property) -> {
					if (property.getValue() instanceof ObjectNode field && field.has("required")) {
						if (field.get("required").asBoolean()) {
							required.add(property.getKey());
						}
						field.remove("required");
					}
				});
				if (!required.isEmpty()) {
					object.set("required", required);
				}
			}
			object.remove(List.of("existingJavaType", "javaType", "javaInterfaces", "javaOmitEmpty"));
			dropDraft4Id(object);
			object.elements().forEachRemaining(DeploymentManifestTests::strict);
		}
		else if (node instanceof ArrayNode array) {
			array.elements().forEachRemaining(DeploymentManifestTests::strict);
		}
	}

	/** Draft 4's {@code id} (a name, not a property): draft 7 validators refuse it. */
	private static void dropDraft4Id(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.path("id").isTextual()) {
				object.remove("id");
			}
			object.elements().forEachRemaining(DeploymentManifestTests::dropDraft4Id);
		}
		else if (node instanceof ArrayNode array) {
			array.elements().forEachRemaining(DeploymentManifestTests::dropDraft4Id);
		}
	}

	private void validate(String where, JsonSchema schema, Map<String, Object> document) throws IOException {
		for (ValidationMessage message : schema.validate(json.writeValueAsString(document), InputFormat.JSON)) {
			this.problems.add(where + ", " + message.getInstanceLocation() + ": " + message.getMessage());
		}
	}

	private static JsonSchema schema(JsonNode schema) {
		dropDraft4Id(schema);
		((ObjectNode) schema).put("$schema", "http://json-schema.org/draft-07/schema#");
		// formats as annotations only: Compose's durations are Go's ("10s"), not ISO 8601
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
		return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema, config);
	}

	private static JsonNode read(String resource) throws IOException {
		try (InputStream in = DeploymentManifestTests.class.getResourceAsStream(resource)) {
			return json.readTree(in);
		}
	}

	private void assertNoProblems() {
		assertThat(this.problems).as("problems in the deployment manifests").isEmpty();
	}

}
