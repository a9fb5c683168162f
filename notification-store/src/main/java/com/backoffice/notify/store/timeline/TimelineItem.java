package com.backoffice.notify.store.timeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One notification of an admin's timeline, as the API shows it.
 *
 * @param id the notification id
 * @param cursor its position: pass it as {@code before} to read on from it, or as
 * {@code upTo} to mark everything up to it read
 * @param type the notification type
 * @param priority its priority
 * @param title its title
 * @param body its body, if any
 * @param link where it leads, if anywhere
 * @param data the domain's data, if any
 * @param channels the channels it was sent on
 * @param groupKey its group, if any
 * @param source who asked for it
 * @param createdAt when it was routed
 * @param expiresAt when it stops being shown, if ever
 * @param readAt when the admin read it, or {@code null}
 * @param digest for a digest, its count and latest items
 */
record TimelineItem(UUID id, String cursor, String type, String priority, String title, String body, String link,
		JsonNode data, List<String> channels, String groupKey, String source, Instant createdAt, Instant expiresAt,
		Instant readAt, JsonNode digest) {

}
