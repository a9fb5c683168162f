package com.backoffice.notify.gateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Writes RFC 9457 problems ({@code application/problem+json}), for the responses that are
 * written outside Spring MVC's own problem handling: refusals of the security filter
 * chain, and of the stream.
 */
@Component
public class Problems {

	/** The problem media type. */
	public static final String MEDIA_TYPE = "application/problem+json";

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Returns a problem as JSON.
	 * @param status the HTTP status
	 * @param detail what went wrong, for the person reading it
	 * @param instance the request path
	 * @return the problem's JSON
	 */
	public byte[] json(HttpStatus status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", instance);
		return this.json.writeValueAsBytes(problem);
	}

}
