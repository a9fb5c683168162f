package com.backoffice.notify.mobile.sending;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.WebpushConfig;

/**
 * A notification as an FCM message for one device. The data payload carries
 * {@code notificationId} (for the app to de-duplicate and mark read), {@code type} and
 * {@code link} (to deep-link). URGENT and HIGH are sent at high priority (Android
 * {@code HIGH}, APNs 10, Web Push urgency high), the rest at normal priority (APNs 5, LOW
 * at 1); {@code expiresAt} becomes the time to live; {@code groupKey} the collapse key,
 * so a newer push of a group replaces the older one on the phone.
 */
final class PushMessages {

	/** APNs' limit on {@code apns-collapse-id}. */
	private static final int MAX_COLLAPSE_KEY_BYTES = 64;

	/** FCM's limit on a message's {@code data} and {@code notification}, in bytes. */
	static final int MAX_PAYLOAD_BYTES = 4096;

	/** What the payload's JSON adds to its texts: its keys, quotes and braces. */
	private static final int JSON_OVERHEAD_BYTES = 256;

	private static final String ELLIPSIS = "\u2026";

	private PushMessages() {
	}

	static Message of(NotificationDispatched notification, String token, Instant now) {
		boolean urgent = notification.urgent();
		Message.Builder message = Message.builder()
			.setToken(token)
			.setNotification(
					Notification.builder().setTitle(notification.title()).setBody(fittingBody(notification)).build())
			.putData("notificationId", notification.notificationId().toString())
			.putData("type", notification.type());
		if (notification.link() != null) {
			message.putData("link", notification.link());
		}
		AndroidNotification.Builder androidNotification = AndroidNotification.builder();
		AndroidConfig.Builder android = AndroidConfig.builder()
			.setPriority(urgent ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL);
		Aps.Builder aps = Aps.builder();
		ApnsConfig.Builder apns = ApnsConfig.builder()
			.putHeader("apns-push-type", "alert")
			.putHeader("apns-priority", urgent ? "10" : ("LOW".equals(notification.priority()) ? "1" : "5"));
		WebpushConfig.Builder webpush = WebpushConfig.builder().putHeader("Urgency", urgent ? "high" : "normal");
		if ("URGENT".equals(notification.priority())) {
			aps.setSound("default");
			androidNotification.setDefaultSound(true);
		}
		if (notification.expiresAt() != null) {
			Duration ttl = Duration.between(now, notification.expiresAt());
			android.setTtl(Math.max(0, ttl.toMillis()));
			apns.putHeader("apns-expiration", Long.toString(notification.expiresAt().getEpochSecond()));
			webpush.putHeader("TTL", Long.toString(Math.max(0, ttl.toSeconds())));
		}
		if (notification.groupKey() != null && !notification.groupKey().isBlank()) {
			String collapseKey = collapseKey(notification.groupKey());
			android.setCollapseKey(collapseKey);
			androidNotification.setTag(collapseKey);
			apns.putHeader("apns-collapse-id", collapseKey);
			aps.setThreadId(collapseKey);
		}
		return message.setAndroidConfig(android.setNotification(androidNotification.build()).build())
			.setApnsConfig(apns.setAps(aps.build()).build())
			.setWebpushConfig(webpush.build())
			.build();
	}

	/**
	 * The body, cut short with an ellipsis where the push would be over FCM's 4 KiB
	 * otherwise: a body may hold 2,000 characters, 6,000 bytes in Korean, and the
	 * timeline has it whole.
	 * @param notification the notification
	 * @return the body to push, or {@code null} when it has none
	 */
	static String fittingBody(NotificationDispatched notification) {
		String body = notification.body();
		if (body == null) {
			return null;
		}
		int budget = MAX_PAYLOAD_BYTES - JSON_OVERHEAD_BYTES - jsonBytes(notification.title())
				- jsonBytes(notification.notificationId().toString()) - jsonBytes(notification.type())
				- jsonBytes(notification.link());
		if (jsonBytes(body) <= budget) {
			return body;
		}
		int room = budget - jsonBytes(ELLIPSIS);
		StringBuilder cut = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < body.length();) {
			int codePoint = body.codePointAt(i);
			String character = new String(Character.toChars(codePoint));
			bytes += jsonBytes(character);
			if (bytes > room) {
				break;
			}
			cut.append(character);
			i += Character.charCount(codePoint);
		}
		return cut.toString().stripTrailing() + ELLIPSIS;
	}

	/** A text's size in the payload: UTF-8, with JSON's escapes. */
	private static int jsonBytes(String text) {
		if (text == null) {
			return 0;
		}
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
				bytes += 2;
			}
			else if (c < 0x20) {
				bytes += 6;
			}
			else if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				// with its low surrogate, four bytes
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * The group key, or its hash when it is longer than APNs allows.
	 */
	private static String collapseKey(String groupKey) {
		if (groupKey.getBytes(StandardCharsets.UTF_8).length <= MAX_COLLAPSE_KEY_BYTES) {
			return groupKey;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8));
			return "g-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
