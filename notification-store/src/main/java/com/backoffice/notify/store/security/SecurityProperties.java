package com.backoffice.notify.store.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How tokens are checked.
 *
 * @param publicKey the PEM (X.509) RSA public key the identity provider signs tokens
 * with; the default is the local run's development key, never a production one
 * @param issuer the {@code iss} every token must carry
 */
@ConfigurationProperties("notify.store.security.jwt")
public record SecurityProperties(@DefaultValue("classpath:notify/jwt/local-dev-public.pem") Resource publicKey,
		@DefaultValue("notify-local-dev") String issuer) {

}
