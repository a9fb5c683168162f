package com.backoffice.notify.support.problem;

import java.net.URI;
import java.net.URISyntaxException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes Spring's {@link ProblemDetail} as RFC 9457 JSON, for the refusals answered
 * before Spring MVC's or WebFlux's own problem handling could: the security filters and
 * the gateway's routes on Netty. The application's mapper writes it, which Spring Boot
 * gives Spring's {@code ProblemDetailJacksonMixin}, so the body is the one Spring's
 * message converters would write.
 */
public class Problems {

	/** The problem media type. */
	public static final String MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private final JsonMapper json;

	/**
	 * Writes with the application's mapper.
	 * @param json the mapper
	 */
	public Problems(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Returns a problem as JSON.
	 * @param status the HTTP status
	 * @param detail what went wrong, for the person reading it
	 * @param instance the request path
	 * @return the problem's JSON
	 */
	public byte[] json(HttpStatusCode status, String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(instance(instance));
		return this.json.writeValueAsBytes(problem);
	}

	/**
	 * The path as a URI reference; a path that is not one as sent (a hostile request's)
	 * is quoted rather than refused, and one that cannot be is left out.
	 */
	private static URI instance(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			try {
				return new URI(null, null, path, null);
			}
			catch (URISyntaxException notEvenQuoted) {
				return null;
			}
		}
	}

}
