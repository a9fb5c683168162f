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
import java.util.stream.Collectors;

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
	 * Checks what the schema cannot: the link is safe to put in a browser, {@code data}
	 * is small, and the request has not expired.
	 * @param request the request
	 * @param now the time now
	 * @throws RejectedEventException saying which rule failed
	 */
	void checkRules(NotificationRequested request, Instant now) {
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

	private static void checkLink(String link) {
		String trimmed = link.strip();
		if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
			return;
		}
		try {
			URI uri = new URI(trimmed);
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

	private static String abbreviate(String text) {
		return (text.length() <= 60) ? text : text.substring(0, 60) + "...";
	}

}
