package com.backoffice.notify.infrastructure.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The AsyncAPI document of the platform's topics ({@value #LOCATION}, from the
 * {@code contracts} jar), as a service's tests hold the service to it:
 * {@link #assertBindingsMatch(Environment)} fails when a Spring Cloud Stream binding's
 * topic or direction has drifted from the document, or the document lists a binding the
 * service no longer has. Use it in a test context with the service's own bindings, none
 * of their destinations overridden for the test.
 */
public final class AsyncApiDocument {

	/** Where the {@code contracts} jar keeps the document. */
	public static final String LOCATION = "asyncapi/notify-platform.asyncapi.yaml";

	/** Where every service serves the document over HTTP. */
	public static final String PATH = "/asyncapi/" + LOCATION;

	/** Where every service serves the JSON Schemas the document refers to. */
	public static final String SCHEMAS_PATH = "/asyncapi/schemas/";

	/** A binding's destination, as {@code name}, {@code [name]} or {@code .[name]}. */
	private static final Pattern DESTINATION = Pattern
		.compile("spring\\.cloud\\.stream\\.bindings(?:\\.\\[|\\[|\\.)(.+?)\\]?\\.destination");

	/** The binder's naming of a function's input bindings. */
	private static final Pattern INPUT = Pattern.compile(".+-in-\\d+");

	/** The {@code x-client} of the operations the binder's dead-lettering performs. */
	private static final String BINDER_DLQ = "binder-dlq";

	private final Map<String, Object> document;

	private AsyncApiDocument(Map<String, Object> document) {
		this.document = document;
	}

	/**
	 * Reads the document from the classpath.
	 * @return the document
	 * @throws IllegalStateException if the {@code contracts} jar is not on the classpath
	 */
	public static AsyncApiDocument load() {
		try (InputStream document = AsyncApiDocument.class.getClassLoader().getResourceAsStream(LOCATION)) {
			if (document == null) {
				throw new IllegalStateException(LOCATION + " is not on the classpath (it is in the contracts jar)");
			}
			Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
			return new AsyncApiDocument(map(root, "the document"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Checks the Spring Cloud Stream bindings of the service
	 * {@code spring.application.name} names against the document's operations of that
	 * service ({@code x-service}): each binding with a destination has the operation
	 * whose {@code x-binding} names it, on the channel whose address is the destination,
	 * receiving when the binding is an input ({@code <function>-in-<n>}) and sending
	 * otherwise; a binding the binder dead-letters for has its
	 * {@code x-client: binder-dlq} operation on the channel of its {@code dlq-name}; and
	 * every operation naming a binding (other than a dead-letter topic written through
	 * {@code StreamBridge}) has that binding.
	 * @param environment the environment of the service's application context
	 * @throws AssertionError listing every difference found
	 */
	public void assertBindingsMatch(Environment environment) {
		String service = environment.getRequiredProperty("spring.application.name");
		Map<String, String> bindings = destinations(environment);
		List<Operation> operations = operationsOf(service);
		List<String> mismatches = new ArrayList<>();
		if (operations.isEmpty()) {
			mismatches.add("the AsyncAPI document has no operation with x-service " + service);
		}
		if (bindings.isEmpty()) {
			mismatches.add(service + " has no binding with a destination");
		}
		bindings.forEach((binding, destination) -> {
			checkBinding(binding, destination, operations, mismatches);
			if (INPUT.matcher(binding).matches()) {
				checkDeadLetters(binding, destination, operations, environment, mismatches);
			}
		});
		for (Operation operation : operations) {
			String binding = operation.binding();
			if (binding != null && !binding.endsWith(".dlq") && !operation.isBinderDeadLettering()
					&& !bindings.containsKey(binding)) {
				mismatches.add("operation " + operation.id() + " of the AsyncAPI document names binding " + binding
						+ ", which " + service + " does not have (no spring.cloud.stream.bindings." + binding
						+ ".destination)");
			}
		}
		if (!mismatches.isEmpty()) {
			throw new AssertionError(service + "'s bindings do not match the AsyncAPI document " + LOCATION
					+ " (contracts):\n- " + String.join("\n- ", mismatches));
		}
	}

	/**
	 * Checks that a running service serves the document, and the schemas it refers to, to
	 * anyone (no token), where its relative references resolve.
	 * @param port the service's HTTP port
	 * @throws AssertionError when it does not
	 */
	public void assertServedBy(int port) {
		String document = served(port, PATH);
		if (!document.contains("asyncapi: 3.0.0")) {
			throw new AssertionError(PATH + " is not the AsyncAPI document: " + document);
		}
		String schema = "notification.dispatched.v1.schema.json";
		if (!served(port, SCHEMAS_PATH + schema).contains("schemas/" + schema)) {
			throw new AssertionError(SCHEMAS_PATH + schema + " is not the schema the document refers to");
		}
	}

	private static String served(int port, String path) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + path + " answered " + response.statusCode() + ", not 200");
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns the JSON Schema file of a topic's records: the one that the payload of its
	 * channel's first message refers to.
	 * @param topic the topic, a channel's address
	 * @return the schema's file name, such as
	 * {@code notification.dispatched.v1.schema.json}
	 * @throws IllegalArgumentException if no channel has that address, or its message's
	 * payload does not refer to a schema file
	 */
	public String payloadSchemaOf(String topic) {
		Map<String, Object> channel = null;
		for (Map.Entry<String, Object> candidate : section("channels").entrySet()) {
			Map<String, Object> value = map(candidate.getValue(), "channels." + candidate.getKey());
			if (topic.equals(text(value, "address"))) {
				channel = value;
			}
		}
		if (channel == null) {
			throw new IllegalArgumentException("the AsyncAPI document has no channel with the address " + topic);
		}
		Map<String, Object> messages = map(channel.get("messages"), "the messages of " + topic);
		if (messages.isEmpty()) {
			throw new IllegalArgumentException("the AsyncAPI document's channel " + topic + " has no message");
		}
		Map<String, Object> message = resolve(messages.values().iterator().next(), "the message of " + topic);
		Map<String, Object> payload = map(message.get("payload"), "the payload of " + topic);
		Object schema = payload.containsKey("schema") ? payload.get("schema") : payload;
		String reference = text(map(schema, "the schema of " + topic), "$ref");
		if (reference == null || !reference.endsWith(".schema.json")) {
			throw new IllegalArgumentException("the payload of " + topic + " refers to no schema file: " + payload);
		}
		return reference.substring(reference.lastIndexOf('/') + 1);
	}

	private static void checkBinding(String binding, String destination, List<Operation> operations,
			List<String> mismatches) {
		boolean input = INPUT.matcher(binding).matches();
		String verb = input ? " reads " : " writes to ";
		String action = input ? "receive" : "send";
		boolean listed = false;
		for (Operation operation : operations) {
			if (!binding.equals(operation.binding()) || operation.isBinderDeadLettering()) {
				continue;
			}
			listed = true;
			if (!destination.equals(operation.address())) {
				mismatches.add("binding " + binding + verb + destination + says(operation));
			}
			if (!action.equals(operation.action())) {
				mismatches.add("binding " + binding + verb + destination + ", so its operation " + operation.id()
						+ " should " + action + ", not " + operation.action());
			}
		}
		if (!listed) {
			mismatches.add("binding " + binding + verb + destination
					+ ", which the AsyncAPI document does not list (no operation has x-binding " + binding + ")");
		}
	}

	private static void checkDeadLetters(String binding, String destination, List<Operation> operations,
			Environment environment, List<String> mismatches) {
		String consumer = "spring.cloud.stream.kafka.bindings." + binding + ".consumer.";
		Boolean byDefault = environment.getProperty("spring.cloud.stream.kafka.default.consumer.enable-dlq",
				Boolean.class, false);
		boolean enabled = environment.getProperty(consumer + "enable-dlq", Boolean.class, byDefault);
		String deadLetters = environment.getProperty(consumer + "dlq-name");
		if (deadLetters == null) {
			// the binder's default
			String group = environment.getProperty("spring.cloud.stream.bindings." + binding + ".group");
			deadLetters = "error." + destination + "." + group;
		}
		boolean listed = false;
		for (Operation operation : operations) {
			if (!binding.equals(operation.binding()) || !operation.isBinderDeadLettering()) {
				continue;
			}
			listed = true;
			if (!enabled) {
				mismatches.add("binding " + binding + " dead-letters nothing (no " + consumer
						+ "enable-dlq), the AsyncAPI document says it does (operation " + operation.id() + ")");
			}
			else if (!deadLetters.equals(operation.address())) {
				mismatches.add("binding " + binding + " dead-letters to " + deadLetters + says(operation));
			}
			if (!"send".equals(operation.action())) {
				mismatches
					.add("operation " + operation.id() + " dead-letters, so it should send, not " + operation.action());
			}
		}
		if (enabled && !listed) {
			mismatches.add("binding " + binding + " dead-letters to " + deadLetters
					+ ", which the AsyncAPI document does not list (no operation has x-binding " + binding
					+ " and x-client " + BINDER_DLQ + ")");
		}
	}

	private static String says(Operation operation) {
		return ", the AsyncAPI document says " + operation.address() + " (operation " + operation.id() + ")";
	}

	private List<Operation> operationsOf(String service) {
		List<Operation> operations = new ArrayList<>();
		section("operations").forEach((id, value) -> {
			Map<String, Object> operation = map(value, "operations." + id);
			if (service.equals(text(operation, "x-service"))) {
				String reference = text(map(operation.get("channel"), "the channel of operation " + id), "$ref");
				if (reference == null || !reference.startsWith("#/channels/")) {
					throw new IllegalStateException(LOCATION + ": operation " + id + " names no #/channels/ channel");
				}
				String channel = reference.substring("#/channels/".length());
				String address = text(map(section("channels").get(channel), "channels." + channel), "address");
				operations.add(new Operation(id, text(operation, "action"), address, text(operation, "x-binding"),
						text(operation, "x-client")));
			}
		});
		return operations;
	}

	private Map<String, Object> section(String name) {
		return map(this.document.get(name), name);
	}

	/** A {@code $ref} within the document, or the object itself. */
	private Map<String, Object> resolve(Object value, String what) {
		Map<String, Object> object = map(value, what);
		String reference = text(object, "$ref");
		if (reference == null) {
			return object;
		}
		if (!reference.startsWith("#/")) {
			throw new IllegalStateException(LOCATION + ": " + what + " refers outside the document: " + reference);
		}
		Map<String, Object> target = this.document;
		for (String name : reference.substring(2).split("/")) {
			target = map(target.get(name.replace("~1", "/").replace("~0", "~")), reference);
		}
		return target;
	}

	private static Map<String, String> destinations(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			throw new IllegalArgumentException("cannot list the properties of " + environment);
		}
		Map<String, String> destinations = new TreeMap<>();
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					Matcher destination = DESTINATION.matcher(name);
					if (destination.matches() && !destinations.containsKey(destination.group(1))) {
						// the value in force, placeholders resolved
						destinations.put(destination.group(1), environment.getRequiredProperty(name));
					}
				}
			}
		}
		return destinations;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String what) {
		if (!(value instanceof Map)) {
			throw new IllegalStateException(LOCATION + ": " + what + " is not an object: " + value);
		}
		return (Map<String, Object>) value;
	}

	private static String text(Map<String, Object> object, String key) {
		Object value = object.get(key);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * One of the service's operations in the document.
	 *
	 * @param id its key under {@code operations}
	 * @param action {@code send} or {@code receive}
	 * @param address its channel's address (the topic)
	 * @param binding the binding that performs it ({@code x-binding}), if any
	 * @param client what performs it when it is not a binding of its own
	 * ({@code x-client})
	 */
	private record Operation(String id, String action, String address, String binding, String client) {

		boolean isBinderDeadLettering() {
			return BINDER_DLQ.equals(this.client);
		}

	}

}
