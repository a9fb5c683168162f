package com.backoffice.notify.gateway.security;

import com.backoffice.notify.support.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

	private final Problems problems;

	ProblemResponses(Problems problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		boolean tokenSent = exchange.getRequest().getHeaders().containsHeader("Authorization")
				|| exchange.getRequest().getQueryParams().containsKey("access_token")
				|| exchange.getRequest().getCookies().containsKey(GatewaySecurity.COOKIE);
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge(ex));
		return write(exchange, HttpStatus.UNAUTHORIZED, detail(ex, tokenSent));
	}

	/**
	 * Says why a request was not authenticated.
	 * @param ex why
	 * @param tokenSent whether the request had a token at all
	 * @return the problem's detail
	 */
	static String detail(AuthenticationException ex, boolean tokenSent) {
		return tokenSent ? ex.getMessage()
				: "This API needs a token: Authorization: Bearer <JWT>, the access_token query parameter or the "
						+ GatewaySecurity.COOKIE + " cookie";
	}

	/**
	 * Returns the {@code WWW-Authenticate} challenge of RFC 6750 for a refusal.
	 * @param ex why
	 * @return the challenge
	 */
	static String challenge(AuthenticationException ex) {
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() != null) {
			return "Bearer error=\"" + oauth.getError().getErrorCode() + "\", error_description=\""
					+ String.valueOf(oauth.getError().getDescription()).replace("\"", "'") + "\"";
		}
		return "Bearer";
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return write(exchange, HttpStatus.FORBIDDEN, ex.getMessage());
	}

	private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().set(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory()
			.wrap(this.problems.json(status, detail, exchange.getRequest().getPath().value()))));
	}

}
