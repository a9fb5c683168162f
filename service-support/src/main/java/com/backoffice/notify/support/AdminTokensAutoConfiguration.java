package com.backoffice.notify.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
			NimbusJwtDecoder decoder = Keys.of(properties)
				.decoder((key) -> NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build(),
						(key) -> NimbusJwtDecoder.withPublicKey(key).build(),
						(uri) -> NimbusJwtDecoder.withJwkSetUri(uri).build());
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
			NimbusReactiveJwtDecoder decoder = Keys.of(properties)
				.decoder((key) -> NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build(),
						(key) -> NimbusReactiveJwtDecoder.withPublicKey(key).build(),
						(uri) -> NimbusReactiveJwtDecoder.withJwkSetUri(uri).build());
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
		 * Builds a decoder of these keys, servlet or reactive.
		 * @param <D> the decoder type
		 * @param hmac how, from an HS256 key
		 * @param rsa how, from an RSA public key
		 * @param jwkSet how, from a JWK set's URI
		 * @return the decoder
		 */
		default <D> D decoder(Function<SecretKey, D> hmac, Function<RSAPublicKey, D> rsa, Function<String, D> jwkSet) {
			if (this instanceof Hmac secret) {
				return hmac.apply(secret.key());
			}
			if (this instanceof Rsa publicKey) {
				return rsa.apply(publicKey.key());
			}
			return jwkSet.apply(((JwkSet) this).uri());
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
