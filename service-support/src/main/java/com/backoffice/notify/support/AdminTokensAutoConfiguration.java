package com.backoffice.notify.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The decoder of admin tokens, from {@link AdminTokenProperties}, for servlet and
 * reactive services alike. A service that checks tokens and has no key configured does
 * not start: it never falls back to a development key.
 */
@AutoConfiguration
// a resource server: the services that check tokens, not those that merely have the JOSE
// classes (tests sign tokens)
@ConditionalOnClass(name = { "org.springframework.security.oauth2.jwt.NimbusJwtDecoder",
		"org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken" })
@EnableConfigurationProperties(AdminTokenProperties.class)
public class AdminTokensAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		JwtDecoder adminTokenDecoder(AdminTokenProperties properties) {
			Keys keys = Keys.of(properties);
			NimbusJwtDecoder decoder;
			if (keys instanceof Keys.Hmac hmac) {
				decoder = NimbusJwtDecoder.withSecretKey(hmac.key()).macAlgorithm(MacAlgorithm.HS256).build();
			}
			else if (keys instanceof Keys.Rsa rsa) {
				decoder = NimbusJwtDecoder.withPublicKey(rsa.key()).build();
			}
			else {
				decoder = NimbusJwtDecoder.withJwkSetUri(((Keys.JwkSet) keys).uri()).build();
			}
			decoder.setJwtValidator(validator(properties));
			return decoder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean
		ReactiveJwtDecoder adminTokenDecoder(AdminTokenProperties properties) {
			Keys keys = Keys.of(properties);
			NimbusReactiveJwtDecoder decoder;
			if (keys instanceof Keys.Hmac hmac) {
				decoder = NimbusReactiveJwtDecoder.withSecretKey(hmac.key()).macAlgorithm(MacAlgorithm.HS256).build();
			}
			else if (keys instanceof Keys.Rsa rsa) {
				decoder = NimbusReactiveJwtDecoder.withPublicKey(rsa.key()).build();
			}
			else {
				decoder = NimbusReactiveJwtDecoder.withJwkSetUri(((Keys.JwkSet) keys).uri()).build();
			}
			decoder.setJwtValidator(validator(properties));
			return decoder;
		}

	}

	private static OAuth2TokenValidator<Jwt> validator(AdminTokenProperties properties) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtValidators.createDefault());
		if (properties.issuer() != null && !properties.issuer().isBlank()) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/**
	 * Where the keys come from.
	 */
	sealed interface Keys {

		static Keys of(AdminTokenProperties properties) {
			List<Keys> configured = new ArrayList<>();
			if (properties.hmacSecret() != null && !properties.hmacSecret().isBlank()) {
				configured.add(new Hmac(properties.hmacKey()));
			}
			if (properties.publicKey() != null) {
				configured.add(Rsa.of(properties));
			}
			if (properties.jwkSetUri() != null) {
				configured.add(new JwkSet(properties.jwkSetUri().toString()));
			}
			if (configured.size() != 1) {
				throw new IllegalStateException("Admin tokens need exactly one source of keys: "
						+ "notify.security.jwt.jwk-set-uri (the identity provider), notify.security.jwt.public-key "
						+ "(a PEM RSA key) or, in the local profile, notify.security.jwt.hmac-secret; "
						+ configured.size() + " are set");
			}
			return configured.get(0);
		}

		/**
		 * The local run's shared secret.
		 *
		 * @param key the HS256 key
		 */
		record Hmac(SecretKey key) implements Keys {

		}

		/**
		 * A configured RSA public key.
		 *
		 * @param key the key
		 */
		record Rsa(RSAPublicKey key) implements Keys {

			static Rsa of(AdminTokenProperties properties) {
				try (InputStream pem = properties.publicKey().getInputStream()) {
					return new Rsa(RsaKeyConverters.x509().convert(pem));
				}
				catch (IOException ex) {
					throw new IllegalStateException(
							"Cannot read notify.security.jwt.public-key " + properties.publicKey(), ex);
				}
			}

		}

		/**
		 * The identity provider's key set.
		 *
		 * @param uri where it is
		 */
		record JwkSet(String uri) implements Keys {

		}

	}

}
