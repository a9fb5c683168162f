package com.backoffice.notify.store.timeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import com.backoffice.notify.support.FieldLimits;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of {@link FieldLimits} are the ones publishers read in the contracts' JSON
 * Schemas and the ones the timeline's columns hold, as Flyway left them: the three must
 * never drift apart, or a notification the router let through would be refused by the
 * store after the browser had shown it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class FieldLimitsIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void theTimelinesColumnsHoldExactlyTheLimits() {
		Map<String, Integer> columns = Map.of("type", FieldLimits.TYPE, "title", FieldLimits.TITLE, "body",
				FieldLimits.BODY, "link", FieldLimits.LINK, "group_key", FieldLimits.GROUP_KEY, "event_id",
				FieldLimits.EVENT_ID, "source", FieldLimits.SOURCE, "recipient_id", FieldLimits.ADMIN_ID, "priority",
				FieldLimits.PRIORITY, "channels", FieldLimits.CHANNELS);
		SoftAssertions softly = new SoftAssertions();
		columns.forEach((column, limit) -> softly.assertThat(this.jdbc.sql("""
				SELECT character_maximum_length FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = 'notification' AND column_name = ?
				""").param(column).query(Integer.class).single()).as("notification.%s", column).isEqualTo(limit));
		softly.assertAll();
	}

	@Test
	void theSchemasSayTheLimitsToPublishersAndReaders() throws Exception {
		List<String> rows = new ClassPathResource("schema-field-limits.csv").getContentAsString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> !line.startsWith("#") && !line.startsWith("schema,") && !line.isBlank())
			.toList();
		SoftAssertions softly = new SoftAssertions();
		for (String row : rows) {
			String[] schemaFieldLimit = row.split(",");
			JsonNode maxLength = schema(schemaFieldLimit[0]).at(schemaFieldLimit[1] + "/maxLength");
			int limit = FieldLimits.class.getField(schemaFieldLimit[2]).getInt(null);
			softly.assertThat(maxLength.isMissingNode() ? null : maxLength.asInt())
				.as("%s %s/maxLength (FieldLimits.%s)", schemaFieldLimit[0], schemaFieldLimit[1], schemaFieldLimit[2])
				.isEqualTo(limit);
		}
		softly.assertAll();
		assertThat(rows).as("rows of schema-field-limits.csv").hasSizeGreaterThan(10);
	}

	private static JsonNode schema(String topic) throws IOException {
		try (InputStream in = new ClassPathResource("schemas/" + topic + ".schema.json").getInputStream()) {
			return json.readTree(in);
		}
	}

}
