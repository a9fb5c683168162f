package com.backoffice.notify.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import com.backoffice.notify.support.AdminTokenProperties;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /dev/token?adminId=...}: a 12-hour token for any admin, signed with the
 * local run's HMAC key. It exists in the {@code local} profile only.
 */
@RestController
@Profile("local")
class DevTokenEndpoint {

	private static final Pattern ADMIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Duration VALID_FOR = Duration.ofHours(12);

	private final JwtEncoder encoder;

	private final String issuer;

	DevTokenEndpoint(AdminTokenProperties properties) {
		this.encoder = NimbusJwtEncoder.withSecretKey(properties.hmacKey()).build();
		this.issuer = properties.issuer();
	}

	@GetMapping("/dev/token")
	Map<String, String> token(@RequestParam String adminId) {
		if (!ADMIN_ID.matcher(adminId).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'adminId' must be 1 to 64 letters, digits, '.', '_' or '-', not '" + adminId + "'");
		}
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject(adminId)
			.issuedAt(now)
			.expiresAt(now.plus(VALID_FOR));
		if (this.issuer != null) {
			claims.issuer(this.issuer);
		}
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
		return Map.of("token", token);
	}

}
