package com.backoffice.notify.router.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.backoffice.notify.support.FieldLimits;
import com.backoffice.notify.support.RejectedEventException;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Checks a request against the {@code notification.requested.v1} JSON Schema from the
 * contracts, then against the rules a schema cannot say.
 */
@Component
class RequestValidator {

	private static final Set<String> LINK_SCHEMES = Set.of("http", "https");

	/**
	 * The schema's pattern for {@code type}, matched here against the whole value: the
	 * schema validator finds it, and its {@code $} matches before a final line break.
	 */
	private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$");

	/**
	 * The start of an HTML tag, comment or declaration: notifications are plain text, and
	 * not every screen that shows them escapes it.
	 */
	private static final Pattern MARKUP = Pattern.compile("<[A-Za-z/!?]");

	private final JsonSchema schema;

	private final JsonMapper json;

	private final RoutingProperties properties;

	RequestValidator(JsonMapper json, RoutingProperties properties) {
		this.json = json;
		this.properties = properties;
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream schema = new ClassPathResource("schemas/notification.requested.v1.schema.json")
			.getInputStream()) {
			this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The contracts jar's request schema is missing", ex);
		}
	}

	/**
	 * Checks a request's JSON against the schema.
	 * @param requestJson the request, already known to be JSON
	 * @throws RejectedEventException naming every violation
	 */
	void checkSchema(String requestJson) {
		Set<ValidationMessage> violations = this.schema.validate(requestJson, InputFormat.JSON);
		if (!violations.isEmpty()) {
			throw new RejectedEventException("request does not match notification.requested.v1: " + violations.stream()
				.map(ValidationMessage::getMessage)
				.sorted(Comparator.naturalOrder())
				.collect(Collectors.joining("; ")));
		}
	}

	/**
	 * Checks the CloudEvents headers the timeline keeps: {@code ce_id} and
	 * {@code ce_source} fit their columns and hold no control characters.
	 * @param eventId the {@code ce_id}
	 * @param source the {@code ce_source}
	 * @throws RejectedEventException saying which rule failed
	 */
	void checkHeaders(String eventId, String source) {
		checkHeader("ce_id", eventId, FieldLimits.EVENT_ID);
		checkHeader("ce_source", source, FieldLimits.SOURCE);
	}

	private static void checkHeader(String name, String value, int maxLength) {
		if (value.length() > maxLength) {
			throw new RejectedEventException("header " + name + " is " + value.length()
					+ " characters long, more than the " + maxLength + " allowed");
		}
		checkNoControlCharacters("header " + name, value, false);
	}

	/**
	 * Checks what the schema cannot: the type is exactly a type, the texts are plain text
	 * without control characters (but for line breaks and tabs in the body), the link is
	 * safe to put in a browser, {@code data} is small, and the request has not expired.
	 * @param request the request
	 * @param now the time now
	 * @throws RejectedEventException saying which rule failed
	 */
	void checkRules(NotificationRequested request, Instant now) {
		if (!TYPE.matcher(request.type()).matches()) {
			throw new RejectedEventException("type does not match " + TYPE.pattern() + " in full");
		}
		checkNoControlCharacters("title", request.title(), false);
		checkNoControlCharacters("body", request.body(), true);
		checkNoControlCharacters("groupKey", request.groupKey(), false);
		checkPlainText("title", request.title());
		checkPlainText("body", request.body());
		if (request.link() != null) {
			checkLink(request.link());
		}
		if (request.data() != null) {
			int size = this.json.writeValueAsString(request.data()).getBytes(StandardCharsets.UTF_8).length;
			if (size > this.properties.maxDataBytes()) {
				throw new RejectedEventException(
						"data is " + size + " bytes, more than the " + this.properties.maxDataBytes() + " allowed");
			}
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw new RejectedEventException("expiresAt " + request.expiresAt() + " has passed");
		}
	}

	private static void checkNoControlCharacters(String field, String text, boolean lineBreaksAndTabs) {
		if (text == null) {
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 || c == 0x7F) && !(lineBreaksAndTabs && (c == '\n' || c == '\t'))) {
				throw rejected(field + " contains a control character", c);
			}
		}
	}

	private static void checkPlainText(String field, String text) {
		if (text == null) {
			return;
		}
		Matcher markup = MARKUP.matcher(text);
		if (markup.find()) {
			throw new RejectedEventException(field + " contains HTML markup ('" + markup.group() + "' at index "
					+ markup.start() + "): notifications are plain text");
		}
	}

	private static void checkLink(String link) {
		// browsers read "/\evil.com" as "//evil.com", and drop tabs and line breaks
		for (int i = 0; i < link.length(); i++) {
			char c = link.charAt(i);
			if (c == '\\' || c < 0x20 || c == 0x7F || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				throw rejected("link contains a backslash, whitespace or a control character", c);
			}
		}
		if (link.startsWith("/") && !link.startsWith("//")) {
			return;
		}
		try {
			URI uri = new URI(link);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
			if (scheme == null || !LINK_SCHEMES.contains(scheme) || uri.getHost() == null) {
				throw new RejectedEventException(
						"link '" + abbreviate(link) + "' is not allowed: use a path starting with / or an http(s) URL");
			}
		}
		catch (URISyntaxException ex) {
			throw new RejectedEventException("link '" + abbreviate(link) + "' is not a valid URL: " + ex.getReason());
		}
	}

	private static RejectedEventException rejected(String reason, char c) {
		return new RejectedEventException(reason + " (" + String.format("U+%04X", (int) c) + ")");
	}

	private static String abbreviate(String text) {
		return (text.length() <= 60) ? text : text.substring(0, 60) + "...";
	}

}
