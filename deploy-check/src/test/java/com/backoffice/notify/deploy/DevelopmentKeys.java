package com.backoffice.notify.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what would start a service with the development sign-in: the {@code local}
 * profile (HMAC tokens, {@code /dev/token}), an HMAC secret (there is none outside the
 * local profile), or the development secret itself, which is in this repository for
 * anyone to read. Reads every leaf of a manifest, and a compose or container argument
 * written {@code NAME=value} as a setting too.
 */
final class DevelopmentKeys {

	/**
	 * The settings that choose Spring profiles, as properties or environment variables.
	 */
	private static final Pattern PROFILES = Pattern.compile("spring[._]profiles[._](active|include|default)$");

	/** The settings of an HMAC key for admin tokens. */
	private static final Pattern HMAC = Pattern
		.compile("(notify[._]dev[._]hmac[._]secret|notify[._]security[._]jwt[._]hmac[-_]?secret)$");

	/** A profile chosen inside a longer value, such as {@code JAVA_TOOL_OPTIONS}. */
	private static final Pattern EMBEDDED = Pattern.compile("spring[._]profiles[._](?:active|include)=(\\S+)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern ASSIGNMENT = Pattern.compile("^-*([A-Za-z0-9_.\\-]+)=(.*)$");

	private final String developmentSecret;

	/**
	 * @param developmentSecret the local profile's default secret
	 */
	DevelopmentKeys(String developmentSecret) {
		this.developmentSecret = developmentSecret;
	}

	/**
	 * Reads the local profile's default secret from a service's
	 * {@code application-local.yml} ({@code ${NOTIFY_DEV_HMAC_SECRET:<default>}}), so
	 * that a new default is caught as well as the old.
	 * @param root the repository
	 * @return the check
	 */
	static DevelopmentKeys of(Path root) {
		Object secret = Manifests
			.flatten(Manifests.loadOne(root.resolve("push-gateway/src/main/resources/application-local.yml")))
			.get("notify.security.jwt.hmac-secret");
		Matcher placeholder = Pattern.compile("\\$\\{[A-Z_]+:([^}]+)}").matcher(String.valueOf(secret));
		if (!placeholder.matches()) {
			throw new IllegalStateException(
					"application-local.yml's hmac-secret is not ${VARIABLE:default}: " + secret);
		}
		return new DevelopmentKeys(placeholder.group(1));
	}

	/**
	 * Returns what in a document would start a service with the development sign-in.
	 * @param where the file (and document) it is, for the messages
	 * @param document the document
	 * @return one message per finding, naming the field; empty when there is none
	 */
	List<String> findIn(String where, Object document) {
		List<String> found = new ArrayList<>();
		Map<String, Object> leaves = Manifests.flatten(document);
		leaves.forEach((path, value) -> {
			String text = String.valueOf(value);
			Matcher assignment = ASSIGNMENT.matcher(text);
			String name = assignment.matches() ? assignment.group(1) : path;
			String setting = assignment.matches() ? assignment.group(2) : text;
			// a Kubernetes env entry: {name: X, value: Y}
			Object entryName = path.endsWith(".value") ? leaves.get(path.substring(0, path.length() - 6) + ".name")
					: null;
			if (entryName != null) {
				name = String.valueOf(entryName);
			}
			String key = name.toLowerCase(Locale.ROOT);
			Matcher embedded = EMBEDDED.matcher(text);
			if ((PROFILES.matcher(key).find() && profiles(setting).contains("local"))
					|| (embedded.find() && profiles(embedded.group(1)).contains("local"))) {
				found.add(where + ": " + path + " starts the local profile (" + text + ")");
			}
			else if (HMAC.matcher(key).find()) {
				found.add(where + ": " + path + " sets an HMAC key (" + name + "): outside the local profile tokens"
						+ " are checked with the identity provider's keys or an RSA public key");
			}
			if (text.contains(this.developmentSecret)) {
				found.add(where + ": " + path + " holds the development secret, which anyone can read");
			}
		});
		return found;
	}

	private static List<String> profiles(String setting) {
		// a ${VARIABLE:-default} starts its default when the variable is unset
		String resolved = setting.replaceAll("\\$\\{[A-Za-z_]+:?-([^}]*)}", "$1");
		return Arrays.stream(resolved.split(",")).map(String::trim).toList();
	}

}
