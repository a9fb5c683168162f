package com.backoffice.notify.mobile.sending;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pushes are sent and tried again.
 *
 * @param retry the retries of pushes FCM could not take
 * @param idempotencyWindow how long a push is remembered, so that a redelivered
 * notification is not pushed to the same device twice
 * @param pruneInterval how often older pushes are forgotten
 */
@ConfigurationProperties("notify.mobile.sending")
public record SendingProperties(@DefaultValue Retry retry, @DefaultValue("24h") Duration idempotencyWindow,
		@DefaultValue("10m") Duration pruneInterval) {

	/**
	 * Pushes FCM answered with {@code UNAVAILABLE}, {@code INTERNAL} or
	 * {@code QUOTA_EXCEEDED} wait in the database and are tried again, apart from the
	 * notifications still arriving.
	 *
	 * @param maxAttempts attempts in all, the first one included; then the notification
	 * is dead-lettered
	 * @param initialBackoff the wait before the second attempt; it doubles with each
	 * attempt, and half of it is random (jitter), so retries never come in waves
	 * @param maxBackoff the longest wait
	 * @param pollInterval how often due retries are looked for
	 * @param batchSize retries sent per look, at most: how fast a backlog of retries may
	 * go to FCM
	 */
	public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("10m") Duration maxBackoff, @DefaultValue("500ms") Duration pollInterval,
			@DefaultValue("500") int batchSize) {

		/**
		 * The wait after a failed attempt: exponential, half of it random; never less
		 * than what FCM asked for with {@code Retry-After}.
		 * @param attempt the attempt that failed, from 1
		 * @param retryAfter what FCM asked for, or {@code null}
		 * @return the wait
		 */
		Duration backoff(int attempt, Duration retryAfter) {
			long ceiling = this.maxBackoff.toMillis();
			long base = Math.min(ceiling, this.initialBackoff.toMillis() << Math.min(30, attempt - 1));
			long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
			if (retryAfter != null) {
				// at least what FCM asked for, spread over a little more so the retries
				// do not come at once
				wait = Math.max(wait, retryAfter.toMillis()
						+ ThreadLocalRandom.current().nextLong(this.initialBackoff.toMillis() / 2 + 1));
			}
			return Duration.ofMillis(wait);
		}

	}

}
