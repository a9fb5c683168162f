package com.backoffice.notify.router.digest;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Digest settings. No type is digested unless it has a rule here.
 *
 * @param types the rule of each digested notification type, by type (in properties files,
 * a type with dots goes in brackets: {@code types.[order.placed].window=1m})
 * @param binding the output binding the router sends a digested type's notifications
 * through
 * @param pendingTopic the topic that binding writes to, where digests are collected
 * @param dispatchedTopic where a closed digest is published
 * @param checkInterval how often open digests are checked for a closed window: a digest
 * goes out at most this long after its window closes
 */
@ConfigurationProperties("notify.router.digest")
public record DigestProperties(Map<String, Rule> types, @DefaultValue("digest") String binding,
		@DefaultValue("notification.digest.v1") String pendingTopic,
		@DefaultValue("notification.dispatched.v1") String dispatchedTopic,
		@DefaultValue("1s") Duration checkInterval) {

	/** A digest's title when its rule sets none. */
	static final String DEFAULT_TITLE = "{count} new: {title}";

	public DigestProperties {
		types = (types != null) ? Map.copyOf(types) : Map.of();
	}

	/**
	 * Returns whether a notification goes to a digest rather than straight out.
	 * @param type the notification type
	 * @param groupKey the request's group key, if any
	 * @return {@code true} when the type has a rule and the request a group key
	 */
	public boolean collects(String type, String groupKey) {
		return groupKey != null && !groupKey.isBlank() && this.types.containsKey(type);
	}

	/**
	 * How one type is digested.
	 *
	 * @param window how long a digest stays open after its first notification: everything
	 * of its group that reaches the admin meanwhile joins it
	 * @param latestItems how many of the latest notifications a digest lists, 1 to 50
	 * @param title the digest's title; {@code {count}} stands for the number of
	 * notifications and {@code {title}} for the latest one's title
	 * @param link where the digest leads; the latest notification's link when not set
	 */
	public record Rule(Duration window, @DefaultValue("5") int latestItems, @DefaultValue(DEFAULT_TITLE) String title,
			String link) {

		public Rule {
			if (window == null || window.isNegative() || window.isZero()) {
				throw new IllegalArgumentException("A digest rule needs a positive window, got " + window);
			}
			if (latestItems < 1 || latestItems > 50) {
				throw new IllegalArgumentException("A digest lists 1 to 50 latest items, not " + latestItems);
			}
		}

	}

}
