package com.backoffice.notify.store.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API is a resource server: stateless, bearer tokens only (so no CSRF), RS256 tokens
 * signed by the configured key from the configured issuer, {@code exp} and {@code nbf}
 * enforced. The actuator stays open for probes and scraping.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

	@Bean
	SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties) throws IOException {
		RSAPublicKey key;
		try (InputStream pem = properties.publicKey().getInputStream()) {
			key = RsaKeyConverters.x509().convert(pem);
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
		return decoder;
	}

}
