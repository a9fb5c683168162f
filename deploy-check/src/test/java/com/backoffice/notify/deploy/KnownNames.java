package com.backoffice.notify.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code notify.*} names that exist: the settings in the services' configuration
 * metadata (written by {@code spring-boot-configuration-processor}, with each module's
 * {@code additional-spring-configuration-metadata.json}), and the names the code itself
 * spells out (meters, the console's lock and channel, system properties).
 */
final class KnownNames {

	/**
	 * A {@code notify.*} name as documents write it; a map's key or a placeholder ends
	 * it.
	 */
	static final Pattern NAME = Pattern.compile("\\bnotify(?:\\.[a-z][a-z0-9-]*)+");

	private static final Pattern LITERAL = Pattern.compile("[\"'](notify(?:\\.[a-z][a-z0-9-]*)+)\\.?[\"'\\[{]");

	private static final List<String> MODULES = List.of("service-support", "notification-router", "notification-store",
			"push-gateway", "mobile-push");

	private static final ObjectMapper json = new ObjectMapper();

	private final Set<String> settings = new TreeSet<>();

	private final Set<String> maps = new TreeSet<>();

	private final Set<String> inCode = new TreeSet<>();

	private KnownNames() {
	}

	/**
	 * Reads them from a built repository.
	 * @param root the repository, its modules compiled
	 * @return the names
	 */
	static KnownNames of(Path root) {
		KnownNames known = new KnownNames();
		for (String module : MODULES) {
			Path metadata = root.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
			if (!Files.exists(metadata)) {
				throw new IllegalStateException(metadata + " is missing: is " + module + " built, with "
						+ "spring-boot-configuration-processor?");
			}
			known.readMetadata(metadata);
		}
		try (Stream<Path> modules = Stream.concat(Files.list(root), Files.list(root.resolve("examples")))) {
			// not this module's own: its tests name unknown names on purpose
			modules.filter((module) -> !module.endsWith("deploy-check"))
				.map((module) -> module.resolve("src"))
				.filter(Files::isDirectory)
				.forEach(known::readCode);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return known;
	}

	/**
	 * Returns the names among these that neither a setting nor the code has.
	 * @param names the names a document uses
	 * @return the unknown ones
	 */
	Set<String> unknown(Collection<String> names) {
		Set<String> unknown = new TreeSet<>();
		for (String name : names) {
			if (!isKnown(name)) {
				unknown.add(name);
			}
		}
		return unknown;
	}

	private boolean isKnown(String name) {
		if (this.settings.contains(name) || this.inCode.contains(name)) {
			return true;
		}
		// a group of settings, or an entry of a map setting
		return this.settings.stream().anyMatch((setting) -> setting.startsWith(name + "."))
				|| this.maps.stream().anyMatch((map) -> name.startsWith(map + "."));
	}

	private void readMetadata(Path file) {
		try {
			JsonNode metadata = json.readTree(file.toFile());
			for (JsonNode property : metadata.path("properties")) {
				String name = property.path("name").asText();
				this.settings.add(name);
				if (property.path("type").asText().startsWith("java.util.Map<")) {
					this.maps.add(name);
				}
			}
			metadata.path("groups").forEach((group) -> this.settings.add(group.path("name").asText()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void readCode(Path sources) {
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().matches(".*\\.(java|js)$")).forEach((file) -> {
				try {
					Matcher literal = LITERAL.matcher(Files.readString(file));
					while (literal.find()) {
						this.inCode.add(literal.group(1));
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
