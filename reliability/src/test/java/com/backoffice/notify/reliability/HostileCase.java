package com.backoffice.notify.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of the hostile corpus ({@code src/test/resources/hostile/kafka} and
 * {@code hostile/http}): a file of {@code field: value} lines, {@code ---}, and the
 * payload. The payload may hold placeholders: {@code {{admin}}} and {@code {{case}}} (the
 * case's key), {@code {{repeat:c:N}}}, {@code "{{nest:N}}"} and {@code "{{nestobj:N}}"}
 * (N nested arrays or objects, quotes included), {@code {{hex:c328}}} (raw bytes), and
 * {@code {{tombstone}}} (a null value).
 *
 * @param name the file's name, without {@code .case}
 * @param description what it is, from the first line's comment
 * @param fields the fields
 * @param payload the payload, placeholders unexpanded
 */
record HostileCase(String name, String description, Map<String, String> fields, String payload) {

	private static final Pattern PLACEHOLDER = Pattern
		.compile("\"\\{\\{(nest|nestobj):(\\d+)}}\"|\\{\\{(repeat):(.):(\\d+)}}|\\{\\{(hex):([0-9a-f]+)}}");

	static List<HostileCase> load(String directory) {
		try (Stream<Path> files = Files
			.list(Path.of(HostileCase.class.getClassLoader().getResource("hostile/" + directory).toURI()))) {
			return files.filter((file) -> file.toString().endsWith(".case")).sorted().map(HostileCase::read).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HostileCase read(Path file) {
		try {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			int split = text.indexOf("\n---\n");
			Map<String, String> fields = new LinkedHashMap<>();
			String description = "";
			for (String line : text.substring(0, split).split("\n")) {
				if (line.startsWith("#")) {
					description = line.substring(1).strip();
				}
				else {
					int colon = line.indexOf(':');
					fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
				}
			}
			return new HostileCase(file.getFileName().toString().replace(".case", ""), description, fields,
					text.substring(split + 5));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String field(String field, String otherwise) {
		return this.fields.getOrDefault(field, otherwise);
	}

	boolean isTombstone() {
		return this.payload.equals("{{tombstone}}");
	}

	/**
	 * The payload's bytes, placeholders expanded.
	 * @param admin the admin a request is addressed to
	 * @param key the case's key in this run
	 * @return the bytes
	 */
	byte[] bytes(String admin, String key) {
		String text = expand(this.payload, admin, key);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Matcher placeholder = PLACEHOLDER.matcher(text);
		int at = 0;
		while (placeholder.find()) {
			bytes.writeBytes(text.substring(at, placeholder.start()).getBytes(StandardCharsets.UTF_8));
			if (placeholder.group(1) != null) {
				int depth = Integer.parseInt(placeholder.group(2));
				boolean objects = placeholder.group(1).equals("nestobj");
				bytes.writeBytes(((objects ? "{\"a\":" : "[").repeat(depth) + (objects ? "1" : "")
						+ (objects ? "}" : "]").repeat(depth))
					.getBytes(StandardCharsets.UTF_8));
			}
			else if (placeholder.group(3) != null) {
				bytes.writeBytes(placeholder.group(4)
					.repeat(Integer.parseInt(placeholder.group(5)))
					.getBytes(StandardCharsets.UTF_8));
			}
			else {
				bytes.writeBytes(HexFormat.of().parseHex(placeholder.group(7)));
			}
			at = placeholder.end();
		}
		bytes.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
		return bytes.toByteArray();
	}

	/**
	 * A field's value with its placeholders expanded, as text.
	 */
	static String text(String value, String admin, String key) {
		return new String(new HostileCase("", "", Map.of(), value).bytes(admin, key), StandardCharsets.UTF_8);
	}

	private static String expand(String text, String admin, String key) {
		return text.replace("{{admin}}", admin).replace("{{case}}", key);
	}

	static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
