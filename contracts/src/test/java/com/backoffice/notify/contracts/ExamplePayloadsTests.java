package com.backoffice.notify.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example payload a contract ships is valid against its topic's JSON Schema, and
 * the schemas reject what they must.
 */
class ExamplePayloadsTests {

	private static final Path CONTRACTS = Path.of("src/main/resources/contracts");

	private static final List<String> TOPICS = List.of("notification.requested.v1", "admin.directory.v1",
			"notification.preferences.v1", "notification.dispatched.v1", "notification.dispatched.urgent.v1",
			"notification.state.v1");

	/** The urgent lane carries the same events as the bulk one. */
	private static final Map<String, String> SCHEMA_OF = Map.of("notification.dispatched.urgent.v1",
			"notification.dispatched.v1");

	static Stream<Path> examples() throws IOException {
		return Files.walk(CONTRACTS).filter((path) -> path.toString().endsWith(".json")).sorted();
	}

	@ParameterizedTest
	@MethodSource("examples")
	void examplePayloadMatchesItsTopicSchema(Path example) throws IOException {
		String topic = example.getParent().getFileName().toString();
		assertThat(TOPICS).contains(topic);
		Set<ValidationMessage> errors = schema(SCHEMA_OF.getOrDefault(topic, topic)).validate(Files.readString(example),
				com.networknt.schema.InputFormat.JSON);
		assertThat(errors).as(example.toString()).isEmpty();
	}

	@Test
	void everyTopicHasAContractWithAnExample() throws IOException {
		for (String topic : TOPICS) {
			try (Stream<Path> files = Files.walk(CONTRACTS)) {
				assertThat(files.filter((path) -> path.getParent().getFileName().toString().equals(topic))
					.map((path) -> path.getFileName().toString())).as(topic)
					.anyMatch((name) -> name.endsWith(".yml"))
					.anyMatch((name) -> name.endsWith(".json"));
			}
		}
	}

	@Test
	void requestSchemaRejectsWhatTheRouterMustNotRoute() {
		JsonSchema requested = schema("notification.requested.v1");
		assertThat(requested.validate("""
				{"type": "order.placed", "priority": "SOMEDAY", "audience": {"adminIds": ["a"]}, "title": "t"}
				""", com.networknt.schema.InputFormat.JSON)).isNotEmpty();
		assertThat(requested.validate("""
				{"type": "order.placed", "priority": "LOW", "audience": {"adminIds": []}, "title": "t"}
				""", com.networknt.schema.InputFormat.JSON)).as("empty audience").isNotEmpty();
		assertThat(requested.validate("""
				{"type": "order.placed", "priority": "LOW", "audience": {"all": true}, "title": ""}
				""", com.networknt.schema.InputFormat.JSON)).as("empty title").isNotEmpty();
		assertThat(requested.validate("""
				{"type": "Order Placed", "priority": "LOW", "audience": {"all": true}, "title": "t"}
				""", com.networknt.schema.InputFormat.JSON)).as("type not dotted lower-case").isNotEmpty();
		assertThat(requested.validate("""
				{"type": "order.placed", "priority": "LOW", "audience": {"all": true}, "title": "t", "extra": 1}
				""", com.networknt.schema.InputFormat.JSON)).as("unknown field").isNotEmpty();
		assertThat(requested.validate("""
				{"type": "order.placed", "priority": "LOW", "audience": {"all": true}, "title": "t"}
				""", com.networknt.schema.InputFormat.JSON)).as("minimal valid request").isEmpty();
	}

	private static JsonSchema schema(String topic) {
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream schema = Files.newInputStream(Path.of("src/main/resources/schemas", topic + ".schema.json"))) {
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
