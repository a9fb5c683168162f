package com.backoffice.notify.mobile.sending;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.backoffice.notify.mobile.devices.DeviceDirectory;
import com.backoffice.notify.support.DeadLettering;
import com.backoffice.notify.support.EventTracing;
import com.backoffice.notify.support.RejectedEventException;
import com.google.api.core.ApiFuture;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.SendResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.stereotype.Component;

/**
 * Pushes notifications to their recipients' devices with firebase-admin, up to 500
 * messages per {@code sendEach} call, and settles each push by FCM's answer:
 * <ul>
 * <li>sent: remembered, so a redelivered notification is not pushed to that device
 * again;</li>
 * <li>{@code UNREGISTERED}, {@code SENDER_ID_MISMATCH} or an {@code INVALID_ARGUMENT}
 * about the token: the device is forgotten, nothing is retried;</li>
 * <li>{@code INVALID_ARGUMENT} about the message, {@code THIRD_PARTY_AUTH_ERROR}: the
 * device is kept, the notification dead-lettered with FCM's reason;</li>
 * <li>{@code UNAVAILABLE}, {@code INTERNAL}, {@code QUOTA_EXCEEDED}: the push waits in
 * the database to be tried again after a backoff ({@link RetryRelay}), while the
 * notifications behind it go on; after {@code max-attempts} it is dead-lettered.</li>
 * </ul>
 * firebase-admin itself tries a {@code 503 UNAVAILABLE} again up to four times within one
 * call (0.5 to 8 s apart, honouring {@code Retry-After}); what is left after that comes
 * here.
 */
@Component
class Pushes {

	private static final Logger logger = LoggerFactory.getLogger(Pushes.class);

	/** FCM's limit for one {@code sendEach} call. */
	static final int MAX_BATCH = 500;

	private final DeviceDirectory devices;

	private final PushLedger ledger;

	private final FirebaseMessaging fcm;

	private final StreamBridge output;

	private final SendingProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Counter sent;

	private final Counter retries;

	private final Counter expired;

	private final DistributionSummary batchSize;

	private final Timer latency;

	private final ObservationRegistry observations;

	Pushes(DeviceDirectory devices, PushLedger ledger, FirebaseMessaging fcm, StreamBridge output,
			SendingProperties properties, Clock clock, MeterRegistry meters, ObservationRegistry observations) {
		this.devices = devices;
		this.observations = observations;
		this.ledger = ledger;
		this.fcm = fcm;
		this.output = output;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.sent = Counter.builder("notify.mobile.sent").description("Messages FCM accepted").register(meters);
		this.retries = Counter.builder("notify.mobile.retries")
			.description("Pushes put back to be tried again")
			.register(meters);
		this.expired = Counter.builder("notify.mobile.expired")
			.description("Pushes not sent because their notification expired")
			.register(meters);
		this.batchSize = DistributionSummary.builder("notify.mobile.batch.size")
			.description("Messages per FCM sendEach call")
			.register(meters);
		this.latency = Timer.builder("notify.mobile.send.latency")
			.description("How long one FCM sendEach call takes")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Pushes notifications just read from Kafka to every device of their recipients that
	 * has not had them yet.
	 * @param due the notifications, each with the record it was read from
	 */
	void push(List<Due> due) {
		Instant now = this.clock.instant();
		List<Due> live = new ArrayList<>(due.size());
		for (Due notification : due) {
			if (notification.notification().expiredAt(now)) {
				this.expired.increment();
			}
			else {
				live.add(notification);
			}
		}
		if (live.isEmpty()) {
			return;
		}
		Set<String> recipients = new LinkedHashSet<>();
		Set<UUID> ids = new LinkedHashSet<>();
		live.forEach((notification) -> {
			recipients.add(notification.notification().recipientId());
			ids.add(notification.notification().notificationId());
		});
		Map<String, List<String>> tokens = this.devices.tokensOf(recipients);
		Set<PushLedger.Key> settled = this.ledger.settled(ids);
		List<Attempt> attempts = new ArrayList<>();
		for (Due notification : live) {
			for (String token : tokens.getOrDefault(notification.notification().recipientId(), List.of())) {
				if (!settled.contains(new PushLedger.Key(notification.notification().notificationId(), token))) {
					attempts.add(new Attempt(notification, token, 1));
				}
			}
		}
		deliver(attempts);
	}

	/**
	 * Sends the attempts and settles each by FCM's answer.
	 * @param attempts the pushes to make
	 */
	void deliver(List<Attempt> attempts) {
		if (attempts.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		// each push's span continues its notification's trace, from the domain's publish
		List<Observation> spans = attempts.stream()
			.map((attempt) -> EventTracing
				.continued(attempt.due().record(), "notify.mobile.send", "fcm send", this.observations)
				.start())
			.toList();
		List<FcmOutcome> outcomes = send(attempts, now);
		for (int i = 0; i < spans.size(); i++) {
			spans.get(i).lowCardinalityKeyValue("verdict", outcomes.get(i).verdict().name().toLowerCase()).stop();
		}
		List<PushLedger.Row> rows = new ArrayList<>(attempts.size());
		Set<UUID> deadLettered = new HashSet<>();
		for (int i = 0; i < attempts.size(); i++) {
			Attempt attempt = attempts.get(i);
			FcmOutcome outcome = outcomes.get(i);
			PushLedger.Key key = new PushLedger.Key(attempt.notification().notificationId(), attempt.token());
			String recipient = attempt.notification().recipientId();
			if (outcome.verdict() == FcmOutcome.Verdict.SENT) {
				this.sent.increment();
				rows.add(PushLedger.Row.settled(key, recipient, "SENT", attempt.number(), null, now));
				continue;
			}
			this.meters.counter("notify.mobile.failed", "code", outcome.code()).increment();
			switch (outcome.verdict()) {
				case TOKEN_GONE -> {
					this.devices.remove(attempt.token(), outcome.code().toLowerCase());
					rows.add(PushLedger.Row.settled(key, recipient, "FAILED", attempt.number(), outcome.code(), now));
				}
				case REJECTED -> {
					rows.add(PushLedger.Row.settled(key, recipient, "FAILED", attempt.number(), outcome.code(), now));
					deadLetter(attempt, "rejected",
							"FCM rejected the message (" + outcome.code() + "): " + outcome.reason(), deadLettered);
				}
				default -> {
					if (attempt.number() >= this.properties.retry().maxAttempts()) {
						rows.add(PushLedger.Row.settled(key, recipient, "FAILED", attempt.number(), outcome.code(),
								now));
						deadLetter(attempt, "gave-up",
								"FCM did not take the message in " + attempt.number()
										+ " attempts; the last answer was " + outcome.code() + ": " + outcome.reason(),
								deadLettered);
					}
					else {
						this.retries.increment();
						Instant dueAt = now
							.plus(this.properties.retry().backoff(attempt.number(), outcome.retryAfter()));
						rows.add(new PushLedger.Row(key, recipient, "RETRY", attempt.number(), outcome.code(), dueAt,
								attempt.due().record(), now));
						logger.debug("FCM answered {} for a push of {}; trying again at {}", outcome.code(),
								key.notificationId(), dueAt);
					}
				}
			}
		}
		this.ledger.record(rows);
	}

	private List<FcmOutcome> send(List<Attempt> attempts, Instant now) {
		List<FcmOutcome> outcomes = new ArrayList<>(attempts.size());
		List<Message> messages = new ArrayList<>(attempts.size());
		List<Integer> positions = new ArrayList<>(attempts.size());
		for (Attempt attempt : attempts) {
			try {
				messages.add(PushMessages.of(attempt.notification(), attempt.token(), now));
				positions.add(outcomes.size());
				outcomes.add(null);
			}
			catch (IllegalArgumentException ex) {
				outcomes.add(new FcmOutcome(FcmOutcome.Verdict.REJECTED, "INVALID_MESSAGE", ex.getMessage(), null));
			}
		}
		List<ApiFuture<BatchResponse>> calls = new ArrayList<>();
		long start = System.nanoTime();
		for (int from = 0; from < messages.size(); from += MAX_BATCH) {
			List<Message> batch = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH));
			this.batchSize.record(batch.size());
			calls.add(this.fcm.sendEachAsync(batch));
		}
		int next = 0;
		for (int call = 0; call < calls.size(); call++) {
			List<SendResponse> responses = responses(calls.get(call));
			this.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			for (int i = 0; i < Math.min(MAX_BATCH, messages.size() - call * MAX_BATCH); i++) {
				outcomes.set(positions.get(next++),
						(responses != null) ? FcmOutcome.of(responses.get(i), now) : FcmOutcome.UNSENT);
			}
		}
		return outcomes;
	}

	private static List<SendResponse> responses(ApiFuture<BatchResponse> call) {
		try {
			return call.get().getResponses();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending to FCM", ex);
		}
		catch (ExecutionException ex) {
			logger.warn("An FCM sendEach call failed as a whole; its messages will be tried again", ex.getCause());
			return null;
		}
	}

	private void deadLetter(Attempt attempt, String why, String reason, Set<UUID> deadLettered) {
		if (deadLettered.add(attempt.notification().notificationId())) {
			this.meters.counter("notify.mobile.dead.lettered", "reason", why).increment();
			logger.warn("Dead-lettered notification {}: {}", attempt.notification().notificationId(), reason);
			DeadLettering.send(attempt.due().record(), new RejectedEventException(reason), reason, this.output);
		}
	}

	/**
	 * A notification to push, with the Kafka record it came in.
	 */
	record Due(NotificationDispatched notification, org.springframework.messaging.Message<byte[]> record) {

	}

	/**
	 * One push of a notification to one device.
	 *
	 * @param due the notification
	 * @param token the device's token
	 * @param number which attempt this is, from 1
	 */
	record Attempt(Due due, String token, int number) {

		NotificationDispatched notification() {
			return this.due.notification();
		}

	}

}
