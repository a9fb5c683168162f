package com.backoffice.notify.router.digest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.FieldLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects the notifications of one (admin, type, group key) into an {@link OpenDigest}
 * held in the {@value #STORE} state store, and sends it out once its window has closed:
 * as the notification itself when it is alone, as one digest otherwise. The window is
 * wall-clock time from the first notification, checked on a wall-clock punctuation, so a
 * digest goes out even when nothing else arrives.
 */
final class DigestWindows implements Processor<String, byte[], String, byte[]> {

	static final String STORE = "digest-windows";

	/** Set on a pending notification that cannot be read; it goes to the dead letters. */
	static final String REJECTED = "x-exception-message";

	private static final String DISPATCHED = "notification.dispatched.v1";

	private static final String SOURCE = "/notification-router";

	private static final Logger logger = LoggerFactory.getLogger(DigestWindows.class);

	private final DigestProperties properties;

	private final JsonMapper json;

	private final Meters meters;

	private ProcessorContext<String, byte[]> context;

	private KeyValueStore<String, byte[]> windows;

	DigestWindows(DigestProperties properties, JsonMapper json, Meters meters) {
		this.properties = properties;
		this.json = json;
		this.meters = meters;
	}

	@Override
	public void init(ProcessorContext<String, byte[]> context) {
		this.context = context;
		this.windows = context.getStateStore(STORE);
		context.schedule(this.properties.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeDue);
	}

	@Override
	public void process(Record<String, byte[]> record) {
		JsonNode notification;
		try {
			notification = readPending(record.value());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String reason = (ex instanceof JacksonException jackson)
					? "payload is not valid JSON: " + jackson.getOriginalMessage() : ex.getMessage();
			logger.warn("Rejected a pending digest notification: {}", reason);
			this.meters.rejected.increment();
			Headers headers = new RecordHeaders(record.headers().toArray());
			headers.add(REJECTED, reason.getBytes(StandardCharsets.UTF_8));
			this.context.forward(record.withHeaders(headers));
			return;
		}
		String type = notification.get("type").stringValue();
		DigestProperties.Rule rule = this.properties.types().get(type);
		if (rule == null) {
			// the type's rule was removed since: nothing to wait for
			emit(record.key(), (ObjectNode) notification);
			return;
		}
		String key = String.join("\u001f", record.key(), type, notification.get("groupKey").stringValue());
		Instant now = Instant.ofEpochMilli(this.context.currentSystemTimeMs());
		byte[] stored = this.windows.get(key);
		OpenDigest digest = (stored != null) ? this.json.readValue(stored, OpenDigest.class)
				: OpenDigest.open(now, now.plus(rule.window()), notification);
		if (digest.holds(notification.get("eventId").stringValue())) {
			return;
		}
		this.windows.put(key, this.json.writeValueAsBytes(digest.add(notification, rule.latestItems())));
		this.meters.collected.increment();
	}

	private JsonNode readPending(byte[] value) {
		JsonNode notification = this.json.readTree(value);
		for (String field : List.of("notificationId", "eventId", "recipientId", "type", "groupKey", "title")) {
			if (!notification.path(field).isString()) {
				throw new IllegalArgumentException("pending notification has no " + field);
			}
		}
		return notification;
	}

	private void closeDue(long now) {
		List<KeyValue<String, OpenDigest>> due = new ArrayList<>();
		try (KeyValueIterator<String, byte[]> open = this.windows.all()) {
			open.forEachRemaining((entry) -> {
				OpenDigest digest = this.json.readValue(entry.value, OpenDigest.class);
				if (!digest.closesAt().isAfter(Instant.ofEpochMilli(now))) {
					due.add(KeyValue.pair(entry.key, digest));
				}
			});
		}
		for (KeyValue<String, OpenDigest> closing : due) {
			String recipient = closing.key.substring(0, closing.key.indexOf('\u001f'));
			OpenDigest digest = closing.value;
			if (digest.count() == 1) {
				emit(recipient, (ObjectNode) digest.first());
				this.meters.single.increment();
			}
			else {
				emit(recipient, summary(digest, Instant.ofEpochMilli(now)));
				this.meters.digests.increment();
				logger.info("Sent a digest of {} {} notifications to {}", digest.count(),
						digest.first().get("type").stringValue(), recipient);
			}
			this.windows.delete(closing.key);
		}
	}

	private ObjectNode summary(OpenDigest digest, Instant now) {
		JsonNode first = digest.first();
		String type = first.get("type").stringValue();
		DigestProperties.Rule rule = this.properties.types().get(type);
		OpenDigest.Item latest = digest.items().get(0);
		String title = ((rule != null) ? rule.title() : DigestProperties.DEFAULT_TITLE)
			.replace("{count}", Long.toString(digest.count()))
			.replace("{title}", latest.title());
		String link = (rule != null && rule.link() != null) ? rule.link() : latest.link();
		String recipient = first.get("recipientId").stringValue();
		String groupKey = first.get("groupKey").stringValue();
		ObjectNode summary = this.json.createObjectNode();
		summary.put("notificationId", idFor(first.get("eventId").stringValue(), recipient, groupKey).toString());
		summary.put("eventId", latest.eventId());
		summary.put("recipientId", recipient);
		summary.put("type", type);
		summary.put("priority", digest.priority());
		summary.put("title",
				(title.length() > FieldLimits.TITLE) ? title.substring(0, FieldLimits.TITLE - 1) + "…" : title);
		summary.put("body", body(digest));
		summary.put("link", link);
		summary.putNull("data");
		digest.channels().forEach(summary.putArray("channels")::add);
		summary.put("groupKey", groupKey);
		summary.put("source", first.get("source").stringValue());
		summary.put("createdAt", now.toString());
		summary.putNull("expiresAt");
		ObjectNode about = summary.putObject("digest");
		about.put("count", digest.count());
		about.put("since", digest.openedAt().toString());
		about.set("items", this.json.valueToTree(digest.items()));
		return summary;
	}

	/** The latest items' titles, newest first, one a line. */
	private static String body(OpenDigest digest) {
		String titles = digest.items().stream().map(OpenDigest.Item::title).collect(Collectors.joining("\n"));
		return (titles.length() > FieldLimits.BODY) ? titles.substring(0, FieldLimits.BODY - 1) + "…" : titles;
	}

	private void emit(String recipient, ObjectNode notification) {
		Headers headers = new RecordHeaders();
		header(headers, CloudEvents.ID, notification.get("notificationId").stringValue());
		header(headers, CloudEvents.TYPE, DISPATCHED);
		header(headers, CloudEvents.SOURCE, SOURCE);
		header(headers, CloudEvents.SPEC_VERSION, CloudEvents.SPEC_VERSION_1);
		header(headers, CloudEvents.TIME, notification.get("createdAt").stringValue());
		header(headers, "content-type", "application/json");
		this.context.forward(new Record<>(recipient, this.json.writeValueAsBytes(notification),
				this.context.currentSystemTimeMs(), headers));
	}

	private static void header(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A digest's notification id, from what opened it, so that a digest sent again after
	 * a crash keeps its id.
	 */
	static UUID idFor(String firstEventId, String recipientId, String groupKey) {
		return UUID.nameUUIDFromBytes(
				("digest\n" + firstEventId + "\n" + recipientId + "\n" + groupKey).getBytes(StandardCharsets.UTF_8));
	}

	static final class Meters {

		final Counter collected;

		final Counter single;

		final Counter digests;

		final Counter rejected;

		Meters(MeterRegistry meters) {
			this.collected = Counter.builder("notify.router.digest.collected")
				.description("Notifications collected into digests")
				.register(meters);
			this.single = Counter.builder("notify.router.digest.closed")
				.tag("outcome", "alone")
				.description("Digest windows closed, by whether anything joined the first notification")
				.register(meters);
			this.digests = Counter.builder("notify.router.digest.closed").tag("outcome", "digest").register(meters);
			this.rejected = Counter.builder("notify.router.digest.rejected").register(meters);
		}

	}

}
