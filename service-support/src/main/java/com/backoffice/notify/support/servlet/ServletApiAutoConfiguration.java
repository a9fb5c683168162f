package com.backoffice.notify.support.servlet;

import java.time.Duration;
import java.util.List;

import com.backoffice.notify.support.problem.Problems;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What the servlet services' HTTP APIs share. The API is a resource server: stateless,
 * bearer tokens only (so no CSRF), checked by the decoder {@code notify.security.jwt.*}
 * configures ({@link com.backoffice.notify.support.AdminTokensAutoConfiguration}),
 * {@code exp} and {@code nbf} enforced; the actuator stays open for probes and scraping,
 * {@code /error} for the container's error pages, and {@code GET /asyncapi/**} for the
 * AsyncAPI document of the platform's topics and its JSON Schemas (static content from
 * the {@code contracts} jar). Every refusal and every error is an RFC 9457 problem that
 * says what is wrong.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ BearerTokenAuthenticationEntryPoint.class, HttpSecurity.class,
		ResponseEntityExceptionHandler.class })
public class ServletApiAutoConfiguration {

	private static final String[] OPEN_PATHS = { "/actuator/**", "/error" };

	/** The AsyncAPI document and the schemas it refers to, read-only. */
	private static final String ASYNCAPI = "/asyncapi/**";

	@Bean
	@ConditionalOnMissingBean
	BearerProblems bearerProblems(Problems problems) {
		return new BearerProblems(problems);
	}

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ApiProblems apiProblems() {
		return new ApiProblems();
	}

	/**
	 * Answers a request that Spring Security's firewall rejects with a 400 problem, where
	 * it would otherwise be forwarded to {@code /error} (Spring Security finds this bean
	 * by its type).
	 * @param problems how refusals are written
	 * @return the handler
	 */
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler malformedRequests(BearerProblems problems) {
		return problems::malformed;
	}

	/**
	 * Refuses request bodies over 64 KiB with a 413 problem.
	 * @param problems how refusals are written
	 * @return the filter
	 */
	@Bean
	@ConditionalOnMissingBean
	RequestBodyLimit requestBodyLimit(BearerProblems problems) {
		return new RequestBodyLimit(problems);
	}

	/**
	 * The origins whose pages may call the API from a browser, such as the admin console
	 * served by the push-gateway ({@code notify.security.cors.allowed-origins}; none by
	 * default).
	 * @param origins the allowed origins
	 * @return the CORS rules of {@code /api/**}
	 */
	@Bean
	@ConditionalOnMissingBean
	CorsConfigurationSource corsConfigurationSource(
			@Value("${notify.security.cors.allowed-origins:}") List<String> origins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(origins);
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		return source;
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain adminApi(HttpSecurity http, BearerProblems problems) {
		return http.cors(Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(OPEN_PATHS)
				.permitAll()
				.requestMatchers(HttpMethod.GET, ASYNCAPI)
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/**
	 * Lets a path with an encoded slash ({@code %2F}) through Tomcat, undecoded, to
	 * Spring Security's firewall, which refuses it with a problem like any other
	 * malformed path (Tomcat's own refusal is an HTML page).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TomcatConnectorCustomizer.class)
	static class EncodedSlashes {

		@Bean
		TomcatConnectorCustomizer encodedSlashesReachTheFirewall() {
			return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		}

	}

}
