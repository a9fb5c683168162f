package com.backoffice.notify.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * YAML documents with the file they came from, and the few kustomize transformations the
 * overlays use (resources, labels, namespace, replicas, images, strategic-merge patches),
 * so that what {@code kubectl apply -k} would send can be checked without kustomize.
 */
final class Manifests {

	private Manifests() {
	}

	/**
	 * A YAML document and where it came from.
	 *
	 * @param file the file, relative to the repository
	 * @param body the document
	 */
	record Doc(String file, Map<String, Object> body) {

		String kind() {
			return String.valueOf(this.body.get("kind"));
		}

		String name() {
			return String.valueOf(map(this.body, "metadata").get("name"));
		}

		/** Names a field of this document in a message: file, kind/name and field. */
		String at(String field) {
			return this.file + ": " + kind() + " " + name() + ", " + field;
		}

	}

	static List<Doc> load(Path root, Path file) {
		List<Doc> docs = new ArrayList<>();
		try {
			for (Object document : yaml().loadAll(Files.readString(file))) {
				if (document instanceof Map<?, ?> body) {
					docs.add(new Doc(root.relativize(file).toString(), cast(body)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return docs;
	}

	static Map<String, Object> loadOne(Path file) {
		try {
			return cast((Map<?, ?>) yaml().load(Files.readString(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Builds base, each overlay and the topics, as kustomize would.
	 * @param root the repository
	 * @param problems where what cannot be placed is added
	 * @return the documents of each, by its directory
	 */
	static Map<String, List<Doc>> renders(Path root, List<String> problems) {
		Map<String, List<Doc>> renders = new LinkedHashMap<>();
		for (String directory : List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "k8s/kafka")) {
			renders.put(directory, build(root, root.resolve(directory), problems));
		}
		return renders;
	}

	/**
	 * Builds a kustomization directory as kustomize would, for the transformations used
	 * here; anything it cannot place (a missing resource, a patch without a target) is
	 * added to {@code problems}.
	 */
	static List<Doc> build(Path root, Path directory, List<String> problems) {
		Path file = directory.resolve("kustomization.yaml");
		String where = root.relativize(file).toString();
		if (!Files.isRegularFile(file)) {
			problems.add(where + ": missing");
			return List.of();
		}
		Map<String, Object> kustomization = loadOne(file);
		List<Doc> docs = new ArrayList<>();
		for (Object resource : list(kustomization, "resources")) {
			Path path = directory.resolve(String.valueOf(resource)).normalize();
			if (Files.isDirectory(path)) {
				docs.addAll(build(root, path, problems));
			}
			else if (Files.isRegularFile(path)) {
				docs.addAll(load(root, path));
			}
			else {
				problems.add(where + ": resources entry '" + resource + "' does not exist");
			}
		}
		for (Object labels : list(kustomization, "labels")) {
			Map<String, Object> pairs = map(cast((Map<?, ?>) labels), "pairs");
			docs.forEach((doc) -> map(map(doc.body(), "metadata"), "labels").putAll(pairs));
		}
		if (kustomization.get("namespace") != null) {
			docs.forEach((doc) -> map(doc.body(), "metadata").put("namespace", kustomization.get("namespace")));
		}
		for (Object entry : list(kustomization, "replicas")) {
			Map<String, Object> replicas = cast((Map<?, ?>) entry);
			target(docs, "Deployment", String.valueOf(replicas.get("name")), where + ": replicas", problems)
				.ifPresent((doc) -> map(doc.body(), "spec").put("replicas", replicas.get("count")));
		}
		for (Object entry : list(kustomization, "images")) {
			Map<String, Object> image = cast((Map<?, ?>) entry);
			boolean used = false;
			for (Doc doc : docs) {
				for (Map<String, Object> container : containers(doc)) {
					String current = String.valueOf(container.get("image"));
					if (imageName(current).equals(image.get("name"))) {
						container.put("image", Objects.requireNonNullElse(image.get("newName"), image.get("name")) + ":"
								+ Objects.requireNonNullElse(image.get("newTag"), imageTag(current)));
						used = true;
					}
				}
			}
			if (!used) {
				problems.add(where + ": images entry '" + image.get("name") + "' matches no container");
			}
		}
		for (Object entry : list(kustomization, "patches")) {
			Path patchFile = directory.resolve(String.valueOf(cast((Map<?, ?>) entry).get("path")));
			for (Doc patch : load(root, patchFile)) {
				target(docs, patch.kind(), patch.name(), patch.file() + ": patch", problems)
					.ifPresent((doc) -> merge(doc.body(), patch.body()));
			}
		}
		return docs;
	}

	private static java.util.Optional<Doc> target(List<Doc> docs, String kind, String name, String where,
			List<String> problems) {
		java.util.Optional<Doc> target = docs.stream()
			.filter((doc) -> doc.kind().equals(kind) && doc.name().equals(name))
			.findFirst();
		if (target.isEmpty()) {
			problems.add(where + " targets " + kind + " " + name + ", which the resources do not have");
		}
		return target;
	}

	/**
	 * Strategic merge as kustomize does it for these kinds: maps deep, named lists by
	 * name.
	 */
	@SuppressWarnings("unchecked")
	static void merge(Map<String, Object> into, Map<String, Object> patch) {
		patch.forEach((key, value) -> {
			Object existing = into.get(key);
			if (existing instanceof Map<?, ?> map && value instanceof Map<?, ?> patchMap) {
				merge((Map<String, Object>) map, (Map<String, Object>) patchMap);
			}
			else if (existing instanceof List<?> list && value instanceof List<?> patchList && isNamed(list)
					&& isNamed(patchList)) {
				for (Object item : patchList) {
					Map<String, Object> named = (Map<String, Object>) item;
					list.stream()
						.map((element) -> (Map<String, Object>) element)
						.filter((element) -> Objects.equals(element.get("name"), named.get("name")))
						.findFirst()
						.ifPresentOrElse((element) -> merge(element, named), () -> ((List<Object>) list).add(named));
				}
			}
			else {
				into.put(key, value);
			}
		});
	}

	private static boolean isNamed(List<?> list) {
		return !list.isEmpty()
				&& list.stream().allMatch((item) -> item instanceof Map<?, ?> map && map.containsKey("name"));
	}

	static List<Map<String, Object>> containers(Doc doc) {
		if (!doc.kind().equals("Deployment")) {
			return List.of();
		}
		return list(map(map(map(doc.body(), "spec"), "template"), "spec"), "containers").stream()
			.map((container) -> cast((Map<?, ?>) container))
			.toList();
	}

	static String imageName(String image) {
		String withoutDigest = image.split("@", 2)[0];
		int colon = withoutDigest.lastIndexOf(':');
		return (colon > withoutDigest.lastIndexOf('/')) ? withoutDigest.substring(0, colon) : withoutDigest;
	}

	static String imageTag(String image) {
		String withoutDigest = image.split("@", 2)[0];
		int colon = withoutDigest.lastIndexOf(':');
		return (colon > withoutDigest.lastIndexOf('/')) ? withoutDigest.substring(colon + 1) : null;
	}

	/** A map member, created empty when absent. */
	static Map<String, Object> map(Map<String, Object> body, String key) {
		Object value = body.get(key);
		if (value instanceof Map<?, ?> map) {
			return cast(map);
		}
		Map<String, Object> created = new LinkedHashMap<>();
		if (value == null) {
			body.put(key, created);
		}
		return created;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Map<String, Object> body, String key) {
		return (body.get(key) instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	/**
	 * Every leaf of a document by its dotted path ({@code a.b[0].c}).
	 */
	static Map<String, Object> flatten(Object node) {
		Map<String, Object> leaves = new LinkedHashMap<>();
		flatten("", node, leaves);
		return leaves;
	}

	private static void flatten(String path, Object node, Map<String, Object> leaves) {
		if (node instanceof Map<?, ?> map) {
			map.forEach(
					(key, value) -> flatten(path.isEmpty() ? String.valueOf(key) : path + "." + key, value, leaves));
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(path + "[" + i + "]", list.get(i), leaves);
			}
		}
		else {
			leaves.put(path, node);
		}
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(options);
	}

}
