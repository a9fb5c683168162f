package com.backoffice.notify.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code notify.*} name the documents give (the READMEs, RELIABILITY.md,
 * BENCHMARKS.md, docs/) is a setting the services have, or a name their code uses: a
 * reader who copies one from a document gets what it says.
 */
class ReadmePropertiesTests {

	private static final Path ROOT = DeploymentManifestTests.ROOT;

	private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".local");

	/** Read once: every module's metadata and every source file. */
	private static final KnownNames known = KnownNames.of(ROOT);

	@Test
	void everyNotifyNameInTheDocumentsExists() throws IOException {
		Map<String, Set<String>> unknown = new TreeMap<>();
		int names = 0;
		for (Path document : documents()) {
			Set<String> named = names(Files.readString(document));
			names += named.size();
			Set<String> missing = known.unknown(named);
			if (!missing.isEmpty()) {
				unknown.put(ROOT.relativize(document).toString(), missing);
			}
		}

		assertThat(names).as("notify.* names found in the documents").isGreaterThan(50);
		assertThat(unknown).as("names no setting and no code has, by document").isEmpty();
	}

	@Test
	void findsANameThatIsNoSetting() {
		Set<String> named = names("""
				| `notify.gateway.fanout.duplicate-window` | 24 h | how long a notification id is remembered |
				Set `notify.gateway.buffer.duplicate-window` to change it; watch `notify.gateway.fanout`.
				""");

		assertThat(known.unknown(named)).containsExactly("notify.gateway.fanout.duplicate-window");
	}

	@Test
	void knowsMapEntriesAndGroupsOfSettings() {
		assertThat(known.unknown(List.of("notify.router.digest.types", "notify.gateway.console.dev-admins.op-m1",
				"notify.security.jwt", "notify.security.jwt.public-key", "notify.store.outbox.poll-interval",
				"notify.security.cors.allowed-origins")))
			.isEmpty();
		assertThat(known.unknown(List.of("notify.security.jwt.secret", "notify.router.digest.windows")))
			.containsExactly("notify.router.digest.windows", "notify.security.jwt.secret");
	}

	private static Set<String> names(String text) {
		Set<String> names = new TreeSet<>();
		Matcher name = KnownNames.NAME.matcher(text);
		while (name.find()) {
			names.add(name.group());
		}
		return names;
	}

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>();
		Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
				return SKIPPED.contains(directory.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
						: FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (file.getFileName().toString().endsWith(".md")) {
					documents.add(file);
				}
				return FileVisitResult.CONTINUE;
			}

		});
		assertThat(documents).extracting((file) -> ROOT.relativize(file).toString())
			.contains("README.md", "notification-router/README.md", "push-gateway/README.md");
		return documents;
	}

}
