package com.backoffice.notify.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document is whole, and agrees with the JSON Schemas and the contracts'
 * examples: a payload that drifts from the schema the document gives its topic fails
 * here.
 */
class AsyncApiDocumentTests {

	private static final Path DOCUMENT = Path.of("src/main/resources/asyncapi/notify-platform.asyncapi.yaml");

	private static final Path SCHEMAS = Path.of("src/main/resources/schemas");

	private static final Path CONTRACTS = Path.of("src/main/resources/contracts");

	/** How the document refers to a schema file. */
	private static final String SCHEMA_FILE = "../schemas/";

	private static final Map<String, Object> asyncApi = map(read(DOCUMENT));

	static Stream<Path> contracts() throws IOException {
		return Files.walk(CONTRACTS).filter((path) -> path.toString().endsWith(".yml")).sorted();
	}

	@Test
	void everyReferenceResolvesAndEverySchemaFileIsAMessagesPayload() throws IOException {
		List<String> references = new ArrayList<>();
		collectReferences(asyncApi, references);
		assertThat(references).isNotEmpty().allSatisfy((reference) -> {
			if (reference.startsWith("#/")) {
				assertThat(pointer(reference)).as(reference).isNotNull();
			}
			else {
				assertThat(DOCUMENT.resolveSibling(reference).normalize()).as(reference).isRegularFile();
			}
		});
		Set<String> payloadSchemas = new HashSet<>();
		for (Object message : section("components", "messages").values()) {
			String file = payloadSchemaFile(map(message));
			if (file != null) {
				payloadSchemas.add(file);
			}
		}
		try (Stream<Path> files = Files.list(SCHEMAS)) {
			assertThat(payloadSchemas).as("the schema files the messages' payloads refer to")
				.containsExactlyInAnyOrderElementsOf(files.map((path) -> path.getFileName().toString()).toList());
		}
	}

	@ParameterizedTest
	@MethodSource("contracts")
	void contractExampleMatchesThePayloadSchemaTheDocumentGivesItsTopic(Path contract) throws IOException {
		for (Object document : yaml().loadAll(Files.readString(contract))) {
			Map<String, Object> message = map(map(document).get("outputMessage"));
			String topic = (String) message.get("sentTo");
			String body = (String) message.get("bodyFromFile");
			assertThat(body).as(contract + ": bodyFromFile").isNotNull();
			String example = Files.readString(contract.resolveSibling(body));
			List<String> schemas = payloadSchemasOf(topic);
			assertThat(schemas).as("the payload schemas of " + topic + ", where " + contract + " sends")
				.isNotEmpty()
				.anySatisfy((file) -> assertThat(schema(file).validate(example, InputFormat.JSON))
					.as(body + " against " + file)
					.isEmpty());
		}
	}

	@Test
	void everyExampleOfTheDocumentMatchesItsMessagesPayloadSchema() {
		ObjectMapper json = new ObjectMapper();
		int checked = 0;
		for (Map.Entry<String, Object> entry : section("components", "messages").entrySet()) {
			Map<String, Object> message = map(entry.getValue());
			String file = payloadSchemaFile(message);
			if (file == null || !message.containsKey("examples")) {
				continue;
			}
			for (Object value : (List<?>) message.get("examples")) {
				Map<String, Object> example = map(value);
				JsonNode payload = json.valueToTree(example.get("payload"));
				assertThat(schema(file).validate(payload)).as(entry.getKey() + " example " + example.get("name"))
					.isEmpty();
				checked++;
			}
		}
		assertThat(checked).isPositive();
	}

	@Test
	void everyChannelHasAnOperationAndEveryDeadLetterTopicItsTopic() {
		Map<String, Object> channels = section("channels");
		Set<String> used = new HashSet<>();
		for (Map.Entry<String, Object> operation : section("operations").entrySet()) {
			String channel = (String) map(map(operation.getValue()).get("channel")).get("$ref");
			assertThat(channel).as(operation.getKey()).startsWith("#/channels/");
			used.add(channel.substring("#/channels/".length()));
		}
		Set<String> addresses = new HashSet<>();
		channels.values().forEach((channel) -> addresses.add((String) map(channel).get("address")));
		assertThat(channels.keySet()).as("channels with an operation").containsExactlyInAnyOrderElementsOf(used);
		assertThat(addresses).hasSize(channels.size())
			.filteredOn((address) -> address.endsWith(".dlq"))
			.isNotEmpty()
			.allSatisfy((deadLetters) -> assertThat(addresses).as("the topic of " + deadLetters)
				.contains(deadLetters.substring(0, deadLetters.length() - ".dlq".length())));
	}

	/** The schema files of the payloads of the channel with that address. */
	private static List<String> payloadSchemasOf(String topic) {
		List<String> schemas = new ArrayList<>();
		for (Object value : section("channels").values()) {
			Map<String, Object> channel = map(value);
			if (topic.equals(channel.get("address"))) {
				for (Object message : map(channel.get("messages")).values()) {
					String file = payloadSchemaFile(map(resolve(message)));
					if (file != null) {
						schemas.add(file);
					}
				}
			}
		}
		return schemas;
	}

	/** The schema file a message's payload refers to, or {@code null}. */
	private static String payloadSchemaFile(Map<String, Object> message) {
		if (!(message.get("payload") instanceof Map<?, ?> payload)) {
			return null;
		}
		Object schema = payload.containsKey("schema") ? payload.get("schema") : payload;
		Object reference = (schema instanceof Map<?, ?> object) ? object.get("$ref") : null;
		return (reference instanceof String file && file.startsWith(SCHEMA_FILE)) ? file.substring(SCHEMA_FILE.length())
				: null;
	}

	private static void collectReferences(Object node, List<String> references) {
		if (node instanceof Map<?, ?> object) {
			object.forEach((key, value) -> {
				if ("$ref".equals(key)) {
					references.add((String) value);
				}
				else {
					collectReferences(value, references);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((item) -> collectReferences(item, references));
		}
	}

	private static Object resolve(Object node) {
		Object reference = map(node).get("$ref");
		return (reference != null) ? pointer((String) reference) : node;
	}

	private static Object pointer(String reference) {
		Object node = asyncApi;
		for (String name : reference.substring(2).split("/")) {
			node = (node instanceof Map<?, ?> object) ? object.get(name) : null;
		}
		return node;
	}

	private static Map<String, Object> section(String... path) {
		Object node = asyncApi;
		for (String name : path) {
			node = map(node).get(name);
		}
		return map(node);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		assertThat(node).isInstanceOf(Map.class);
		return (Map<String, Object>) node;
	}

	private static Object read(Path path) {
		try (InputStream in = Files.newInputStream(path)) {
			return yaml().load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Yaml yaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	private static JsonSchema schema(String file) {
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream schema = Files.newInputStream(SCHEMAS.resolve(file))) {
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
