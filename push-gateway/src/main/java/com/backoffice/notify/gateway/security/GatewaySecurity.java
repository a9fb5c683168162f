package com.backoffice.notify.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpCookie;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * A stateless resource server: the token comes from the {@code Authorization} header, the
 * {@code access_token} query parameter or the {@value #COOKIE} cookie, and is checked by
 * the decoder {@code notify.security.jwt.*} configures. The actuator, the console's
 * static files, the AsyncAPI document of the platform's topics ({@code /asyncapi/**},
 * from the {@code contracts} jar) and (in the local profile only, where it exists)
 * {@code /dev/token} are open.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

	/** The HttpOnly cookie a console may keep the token in. */
	static final String COOKIE = "notify_token";

	@Bean
	SecurityWebFilterChain gateway(ServerHttpSecurity http, ProblemResponses problems) {
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/api/**").authenticated().anyExchange().permitAll())
			.oauth2ResourceServer((server) -> server.bearerTokenConverter(tokens()).jwt((jwt) -> {
			}).authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.build();
	}

	/**
	 * No observation of every security filter of every request: a stream is a request
	 * that lasts for hours, and each observation would be held by it all that time.
	 * @return the settings
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	private static ServerAuthenticationConverter tokens() {
		ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();
		headerOrQuery.setAllowUriQueryParameter(true);
		return (exchange) -> headerOrQuery.convert(exchange).switchIfEmpty(Mono.defer(() -> fromCookie(exchange)));
	}

	private static Mono<Authentication> fromCookie(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		return (cookie != null && !cookie.getValue().isBlank())
				? Mono.just(new BearerTokenAuthenticationToken(cookie.getValue())) : Mono.empty();
	}

}
