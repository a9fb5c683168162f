package com.backoffice.notify.support;

import java.net.URI;

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

}
