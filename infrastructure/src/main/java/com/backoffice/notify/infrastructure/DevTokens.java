package com.backoffice.notify.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens signed with a development RSA key (never a production one): the identity
 * provider of tests and benchmarks. The services under test trust its public half,
 * {@link #PUBLIC_KEY}, through {@code notify.security.jwt.public-key}.
 */
public final class DevTokens {

	/** The issuer of the tokens. */
	public static final String ISSUER = "notify-local-dev";

	/** The classpath location of the public half, PEM. */
	public static final String PUBLIC_KEY = "notify/jwt/local-dev-public.pem";

	private static final PrivateKey KEY = load("notify/jwt/local-dev-private.pem");

	private DevTokens() {
	}

	/**
	 * Returns the service arguments that make a service started as a process trust these
	 * tokens.
	 * @param directory where to write the public key
	 * @return {@code --notify.security.jwt.*} arguments
	 * @throws IOException when the key cannot be written
	 */
	public static List<String> trustedBy(Path directory) throws IOException {
		Path key = directory.resolve("local-dev-public.pem");
		try (InputStream pem = DevTokens.class.getClassLoader().getResourceAsStream(PUBLIC_KEY)) {
			Files.write(key, pem.readAllBytes());
		}
		return List.of("--notify.security.jwt.public-key=file:" + key.toAbsolutePath(),
				"--notify.security.jwt.issuer=" + ISSUER);
	}

	/**
	 * Returns a valid token for an admin, for an hour.
	 * @param adminId the admin, the token's {@code sub}
	 * @return the compact JWT
	 */
	public static String forAdmin(String adminId) {
		return forAdmin(adminId, Duration.ofHours(1));
	}

	/**
	 * Returns a valid token for an admin.
	 * @param adminId the admin, the token's {@code sub}
	 * @param validFor how long it is valid
	 * @return the compact JWT
	 */
	public static String forAdmin(String adminId, Duration validFor) {
		return sign(claims(adminId, Instant.now(), validFor).build(), KEY);
	}

	/**
	 * Returns a token that expired an hour ago.
	 * @param adminId the admin
	 * @return the compact JWT
	 */
	public static String expired(String adminId) {
		return sign(claims(adminId, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).build(), KEY);
	}

	/**
	 * Returns a token valid only from an hour from now.
	 * @param adminId the admin
	 * @return the compact JWT
	 */
	public static String notYetValid(String adminId) {
		return sign(claims(adminId, Instant.now(), Duration.ofHours(2)).notBeforeTime(inAnHour()).build(), KEY);
	}

	/**
	 * Returns a well-signed token from another issuer.
	 * @param adminId the admin
	 * @return the compact JWT
	 */
	public static String fromAnotherIssuer(String adminId) {
		return sign(claims(adminId, Instant.now(), Duration.ofHours(1)).issuer("https://evil.example").build(), KEY);
	}

	/**
	 * Returns a token signed by a key nobody trusts.
	 * @param adminId the admin
	 * @return the compact JWT
	 */
	public static String signedByAnotherKey(String adminId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return sign(claims(adminId, Instant.now(), Duration.ofHours(1)).build(),
					generator.generateKeyPair().getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns an unsigned token ({@code alg: none}).
	 * @param adminId the admin
	 * @return the compact JWT
	 */
	public static String unsigned(String adminId) {
		return new PlainJWT(claims(adminId, Instant.now(), Duration.ofHours(1)).build()).serialize();
	}

	/**
	 * Returns a valid token of one admin whose payload was rewritten to name another,
	 * keeping the signature.
	 * @param adminId the admin the token was issued to
	 * @param claimed the admin the payload now names
	 * @return the compact JWT
	 */
	public static String tampered(String adminId, String claimed) {
		String[] parts = forAdmin(adminId).split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("\"" + adminId + "\"", "\"" + claimed + "\"");
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

	private static JWTClaimsSet.Builder claims(String adminId, Instant issuedAt, Duration validFor) {
		return new JWTClaimsSet.Builder().subject(adminId)
			.issuer(ISSUER)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(validFor)));
	}

	private static Date inAnHour() {
		return Date.from(Instant.now().plus(Duration.ofHours(1)));
	}

	private static String sign(JWTClaimsSet claims, PrivateKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PrivateKey load(String resource) {
		try (InputStream in = DevTokens.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the class path");
			}
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
				.replaceAll("\\s", "");
			return KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not read " + resource, ex);
		}
	}

}
