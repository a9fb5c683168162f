package com.backoffice.notify.gateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers a missing, invalid or insufficient token with the {@code WWW-Authenticate}
 * challenge of RFC 6750 and an RFC 9457 problem saying why, and no stream.
 */
@Component
class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		boolean tokenSent = exchange.getRequest().getHeaders().containsHeader("Authorization")
				|| exchange.getRequest().getQueryParams().containsKey("access_token")
				|| exchange.getRequest().getCookies().containsKey(GatewaySecurity.COOKIE);
		String detail = tokenSent ? ex.getMessage()
				: "This API needs a token: Authorization: Bearer <JWT>, the access_token query parameter or the "
						+ GatewaySecurity.COOKIE + " cookie";
		String challenge = "Bearer";
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() != null) {
			challenge = "Bearer error=\"" + oauth.getError().getErrorCode() + "\", error_description=\""
					+ String.valueOf(oauth.getError().getDescription()).replace("\"", "'") + "\"";
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		return write(exchange, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return write(exchange, HttpStatus.FORBIDDEN, ex.getMessage());
	}

	private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response
			.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(this.json.writeValueAsBytes(problem))));
	}

}
