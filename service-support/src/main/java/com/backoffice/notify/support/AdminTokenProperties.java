package com.backoffice.notify.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * How admin tokens (JWTs, {@code sub} = admin id) are checked. Exactly one source of keys
 * is set: the identity provider's {@code jwk-set-uri} in production, a PEM
 * {@code public-key}, or the local profile's {@code hmac-secret}.
 *
 * @param jwkSetUri the identity provider's JWK set
 * @param publicKey a PEM (X.509) RSA public key the tokens are signed with
 * @param hmacSecret the local run's HS256 secret (at least 32 bytes), never set in
 * production
 * @param issuer the {@code iss} every token must carry; not checked when unset
 */
@ConfigurationProperties("notify.security.jwt")
public record AdminTokenProperties(URI jwkSetUri, Resource publicKey, String hmacSecret, String issuer) {

	/**
	 * Returns the HS256 key of {@code hmac-secret}, for checking tokens and, in the local
	 * run, signing them.
	 * @return the key
	 * @throws IllegalStateException when no secret is set, or one shorter than 32 bytes
	 */
	public SecretKey hmacKey() {
		if (this.hmacSecret == null || this.hmacSecret.isBlank()) {
			throw new IllegalStateException("notify.security.jwt.hmac-secret is not set");
		}
		byte[] bytes = this.hmacSecret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < 32) {
			throw new IllegalStateException(
					"notify.security.jwt.hmac-secret must be at least 32 bytes for HS256, not " + bytes.length);
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

}
