package com.backoffice.notify.gateway.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.backoffice.notify.support.problem.Problems;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Authenticates a stream where it is served, on Reactor Netty ahead of WebFlux and its
 * filter chain (a stream lasts for hours, and every filter's state would be held by it
 * all that time): the token sources, the decoder and the refusals of
 * {@link GatewaySecurity}, for a request that never reaches it.
 */
@Component
public class StreamTokens {

	/**
	 * What RFC 6750 allows in a bearer token, as Spring Security's converter reads it.
	 */
	private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private static final String QUERY_PARAMETER = "access_token";

	private final ReactiveJwtDecoder decoder;

	private final Problems problems;

	StreamTokens(ReactiveJwtDecoder decoder, Problems problems) {
		this.decoder = decoder;
		this.problems = problems;
	}

	/**
	 * Returns the admin a request's token names. Once the token is checked, its headers
	 * are dropped from the request: a stream does not keep the token in memory for as
	 * long as it lasts.
	 * @param request the request
	 * @return the admin's id ({@code sub}), or an {@link AuthenticationException} saying
	 * why there is none, or a 400 {@link ResponseStatusException} when the query string
	 * cannot be decoded
	 */
	public Mono<String> adminOf(HttpServerRequest request) {
		String token;
		try {
			token = token(request);
		}
		catch (OAuth2AuthenticationException | ResponseStatusException ex) {
			return Mono.error(ex);
		}
		if (token == null) {
			return Mono.error(new AuthenticationCredentialsNotFoundException("No token"));
		}
		return this.decoder.decode(token)
			.onErrorMap(BadJwtException.class, (ex) -> new InvalidBearerTokenException(ex.getMessage(), ex))
			.onErrorMap(JwtException.class, (ex) -> new AuthenticationServiceException(ex.getMessage(), ex))
			.flatMap((jwt) -> (jwt.getSubject() == null || jwt.getSubject().isBlank())
					? Mono.error(new InvalidBearerTokenException("The token names no admin: it has no sub claim"))
					: Mono.just(jwt.getSubject()))
			.doOnNext((admin) -> request.requestHeaders()
				.remove(HttpHeaderNames.AUTHORIZATION)
				.remove(HttpHeaderNames.COOKIE));
	}

	/**
	 * Answers a request that was not authenticated: 401, the {@code WWW-Authenticate}
	 * challenge and a problem saying why.
	 * @param request the request
	 * @param response its response
	 * @param ex why
	 * @return completes when written
	 */
	public Mono<Void> refuse(HttpServerRequest request, HttpServerResponse response, AuthenticationException ex) {
		boolean tokenSent = request.requestHeaders().contains(HttpHeaderNames.AUTHORIZATION)
				|| parameters(request).containsKey(QUERY_PARAMETER) || cookie(request) != null;
		byte[] body = this.problems.json(HttpStatus.UNAUTHORIZED, ProblemResponses.detail(ex, tokenSent),
				request.fullPath());
		return response.status(HttpResponseStatus.UNAUTHORIZED)
			.header(HttpHeaderNames.WWW_AUTHENTICATE, ProblemResponses.challenge(ex))
			.header(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
			.sendByteArray(Mono.just(body))
			.then();
	}

	/**
	 * The token from the {@code Authorization} header or the query parameter (not both,
	 * as Spring Security's converter insists), else from the cookie.
	 */
	private static String token(HttpServerRequest request) {
		String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
		List<String> query = parameters(request).get(QUERY_PARAMETER);
		if (header != null && query != null) {
			throw new OAuth2AuthenticationException(
					BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
		}
		if (header != null) {
			Matcher bearer = BEARER.matcher(header);
			if (!bearer.matches()) {
				throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
			}
			return bearer.group("token");
		}
		if (query != null) {
			if (query.size() != 1 || query.get(0).isBlank()) {
				throw new OAuth2AuthenticationException(
						BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
			}
			return query.get(0);
		}
		return cookie(request);
	}

	private static Map<String, List<String>> parameters(HttpServerRequest request) {
		try {
			return new QueryStringDecoder(request.uri()).parameters();
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"The query string is malformed: a '%' must be followed by two hexadecimal digits");
		}
	}

	private static String cookie(HttpServerRequest request) {
		Set<Cookie> cookies = request.cookies().get(GatewaySecurity.COOKIE);
		return (cookies == null) ? null
				: cookies.stream().map(Cookie::value).filter((value) -> !value.isBlank()).findFirst().orElse(null);
	}

}
