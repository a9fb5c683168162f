package com.backoffice.notify.mobile.sending;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.google.firebase.ErrorCode;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;

/**
 * What FCM's answer to one message means for the device and the notification.
 *
 * @param verdict what to do
 * @param code FCM's error code ({@code UNREGISTERED}, ...), {@code null} on success
 * @param reason FCM's message
 * @param retryAfter how long FCM asked to wait ({@code Retry-After}), if it did
 */
record FcmOutcome(Verdict verdict, String code, String reason, Duration retryAfter) {

	static final FcmOutcome SENT = new FcmOutcome(Verdict.SENT, null, null, null);

	/** A call that failed as a whole (the SDK's executor refused it, say): try again. */
	static final FcmOutcome UNSENT = new FcmOutcome(Verdict.RETRY, "UNSENT", "the sendEach call failed", null);

	static FcmOutcome of(SendResponse response, Instant now) {
		if (response.isSuccessful()) {
			return SENT;
		}
		FirebaseMessagingException ex = response.getException();
		MessagingErrorCode messaging = ex.getMessagingErrorCode();
		String code = (messaging != null) ? messaging.name() : ex.getErrorCode().name();
		return new FcmOutcome(verdict(ex, messaging), code, ex.getMessage(), retryAfter(ex.getHttpResponse(), now));
	}

	private static Verdict verdict(FirebaseMessagingException ex, MessagingErrorCode code) {
		if (code == null) {
			// no FCM error detail: a transport failure or an unexpected answer
			return (ex.getErrorCode() == ErrorCode.INVALID_ARGUMENT) ? Verdict.REJECTED : Verdict.RETRY;
		}
		switch (code) {
			case UNREGISTERED:
			case SENDER_ID_MISMATCH:
				return Verdict.TOKEN_GONE;
			case INVALID_ARGUMENT:
				return blamesTheToken(ex) ? Verdict.TOKEN_GONE : Verdict.REJECTED;
			case THIRD_PARTY_AUTH_ERROR:
				// the APNs or Web Push credentials of the Firebase project: nothing a
				// retry mends
				return Verdict.REJECTED;
			default:
				// UNAVAILABLE, INTERNAL, QUOTA_EXCEEDED
				return Verdict.RETRY;
		}
	}

	/**
	 * Whether FCM's {@code INVALID_ARGUMENT} is about the token (a {@code BadRequest}
	 * naming {@code message.token}, or the message saying so) rather than the payload.
	 */
	private static boolean blamesTheToken(FirebaseMessagingException ex) {
		String content = (ex.getHttpResponse() != null) ? ex.getHttpResponse().getContent() : null;
		return (content != null && content.contains("\"message.token\""))
				|| (ex.getMessage() != null && ex.getMessage().contains("registration token"));
	}

	private static Duration retryAfter(IncomingHttpResponse response, Instant now) {
		if (response == null || response.getHeaders() == null) {
			return null;
		}
		for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
			if ("retry-after".equalsIgnoreCase(header.getKey())) {
				Object value = header.getValue();
				if (value instanceof List<?> values) {
					value = values.isEmpty() ? null : values.get(0);
				}
				return (value != null) ? parseRetryAfter(value.toString().trim(), now) : null;
			}
		}
		return null;
	}

	/**
	 * A {@code Retry-After} value: seconds, or an HTTP date.
	 */
	static Duration parseRetryAfter(String value, Instant now) {
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	enum Verdict {

		/** FCM took it. */
		SENT,
		/** The token is dead or not a token: forget the device, do not retry. */
		TOKEN_GONE,
		/**
		 * The message itself is at fault: keep the device, dead-letter the notification.
		 */
		REJECTED,
		/** FCM could not take it now: try again later. */
		RETRY

	}

}
