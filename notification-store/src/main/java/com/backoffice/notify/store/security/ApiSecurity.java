package com.backoffice.notify.store.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API is a resource server: stateless, bearer tokens only (so no CSRF), checked by
 * the decoder {@code notify.security.jwt.*} configures (service-support), {@code exp} and
 * {@code nbf} enforced. The actuator stays open for probes and scraping.
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

}
