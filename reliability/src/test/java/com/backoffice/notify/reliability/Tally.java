package com.backoffice.notify.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.backoffice.notify.infrastructure.DevTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What became of the notifications a fault run sent: the timeline rows (from PostgreSQL),
 * what each connected browser got over SSE and, for a browser told to {@code reset}, what
 * its reloaded timeline (the store's API) holds.
 *
 * @param fault the fault
 * @param sent notifications addressed: one per request and recipient
 * @param stored timeline rows for them, each counted once
 * @param duplicateRows rows beyond the first for one notification
 * @param expectedLive notifications addressed to an admin with an open browser
 * @param delivered those that reached the browser over SSE
 * @param recovered those that did not, to a browser told to reset, found in its timeline
 * @param duplicated deliveries beyond the first of one notification to one browser
 * @param lost notifications with no row, or neither delivered nor recovered
 * @param misdelivered notifications that reached a browser they were not addressed to
 * @param resets the resets the browsers were told
 */
record Tally(String fault, long sent, long stored, long duplicateRows, long expectedLive, long delivered,
		long recovered, long duplicated, long lost, long misdelivered, long resets) {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Counts.
	 * @param fault the fault's name
	 * @param pipeline the pipeline
	 * @param expected each request's event id, and whom it is addressed to
	 * @param browsers the open browsers, by admin
	 * @return the counts
	 */
	static Tally count(String fault, Pipeline pipeline, Map<String, Set<String>> expected,
			Map<String, Browser> browsers) throws Exception {
		long sent = expected.values().stream().mapToLong(Set::size).sum();
		Map<String, Integer> rows = rows(pipeline, expected.keySet());
		long stored = 0;
		long duplicateRows = 0;
		long lost = 0;
		long expectedLive = 0;
		long delivered = 0;
		long recovered = 0;
		long duplicated = 0;
		Map<String, Set<UUID>> timelines = new HashMap<>();
		for (Map.Entry<String, Set<String>> request : expected.entrySet()) {
			for (String recipient : request.getValue()) {
				int copies = rows.getOrDefault(request.getKey() + "\n" + recipient, 0);
				stored += Math.min(copies, 1);
				duplicateRows += Math.max(copies - 1, 0);
				boolean missing = copies == 0;
				Browser browser = browsers.get(recipient);
				if (browser != null) {
					expectedLive++;
					int times = browser.times(request.getKey());
					delivered += Math.min(times, 1);
					duplicated += Math.max(times - 1, 0);
					if (times == 0) {
						boolean found = browser.resets.get() > 0
								&& timelines.computeIfAbsent(recipient, (admin) -> timeline(pipeline, admin))
									.contains(notificationId(request.getKey(), recipient));
						recovered += found ? 1 : 0;
						missing = missing || !found;
					}
				}
				lost += missing ? 1 : 0;
			}
		}
		long misdelivered = browsers.values().stream().mapToLong((browser) -> browser.strangers.size()).sum();
		long resets = browsers.values().stream().mapToLong((browser) -> browser.resets.get()).sum();
		return new Tally(fault, sent, stored, duplicateRows, expectedLive, delivered, recovered, duplicated, lost,
				misdelivered, resets);
	}

	/** How many rows each (event id, recipient) has. */
	private static Map<String, Integer> rows(Pipeline pipeline, Set<String> eventIds) throws Exception {
		Map<String, Integer> rows = new HashMap<>();
		try (Connection database = pipeline.database();
				PreparedStatement query = database.prepareStatement(
						"SELECT event_id, recipient_id, count(*) FROM store.notification WHERE event_id = ANY (?) "
								+ "GROUP BY event_id, recipient_id")) {
			Array ids = database.createArrayOf("varchar", eventIds.toArray());
			query.setArray(1, ids);
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					rows.put(result.getString(1) + "\n" + result.getString(2), result.getInt(3));
				}
			}
		}
		return rows;
	}

	/** An admin's whole timeline, as the console reloads it after a reset. */
	static Set<UUID> timeline(Pipeline pipeline, String admin) {
		Set<UUID> ids = new HashSet<>();
		String token = DevTokens.forAdmin(admin);
		String next = null;
		do {
			String page = Api
				.get(pipeline.url(Pipeline.STORE) + "/api/timeline?limit=100"
						+ ((next != null) ? "&before=" + next : ""), token)
				.body();
			JsonNode json = JSON.readTree(page);
			json.path("items").forEach((item) -> ids.add(UUID.fromString(item.path("id").asString())));
			next = json.path("next").isString() ? json.path("next").asString() : null;
		}
		while (next != null);
		return ids;
	}

	/** The notification id every service derives from a request and a recipient. */
	static UUID notificationId(String eventId, String recipient) {
		return UUID.nameUUIDFromBytes((eventId + "\n" + recipient).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Prints the counts and adds them to
	 * {@code reliability/target/reliability/faults.md}, the table RELIABILITY.md quotes.
	 */
	Tally report(Pipeline pipeline) throws IOException {
		String row = "| %s | %,d | %,d | %,d | %,d of %,d | %,d | %,d | %,d | %,d | %,d |".formatted(this.fault,
				this.sent, this.stored, this.duplicateRows, this.delivered, this.expectedLive, this.recovered,
				this.resets, this.duplicated, this.lost, this.misdelivered);
		System.out.println("[reliability] " + row);
		Path table = Files.createDirectories(pipeline.directory().resolveSibling("reliability")).resolve("faults.md");
		Files.writeString(table, row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		return this;
	}

}
