package com.backoffice.notify.mobile.sending;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.backoffice.notify.mobile.devices.DeviceDirectory;
import com.backoffice.notify.support.EventReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tries again the pushes that are due, at most {@code batch-size} per look, so a backlog
 * of retries reaches FCM at a bounded pace. Each is locked while it is tried
 * ({@code SKIP LOCKED}), so replicas share the work without sending one twice. A push
 * whose device was forgotten or moved to another admin meanwhile is dropped; one whose
 * notification expired meanwhile too.
 */
@Component
class RetryRelay {

	private static final Logger logger = LoggerFactory.getLogger(RetryRelay.class);

	private final PushLedger ledger;

	private final Pushes pushes;

	private final DeviceDirectory devices;

	private final EventReader events;

	private final TransactionTemplate transactions;

	private final SendingProperties properties;

	private final Clock clock;

	RetryRelay(PushLedger ledger, Pushes pushes, DeviceDirectory devices, EventReader events,
			TransactionTemplate transactions, SendingProperties properties, Clock clock) {
		this.ledger = ledger;
		this.pushes = pushes;
		this.devices = devices;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${notify.mobile.sending.retry.poll-interval:500ms}")
	void scheduled() {
		try {
			retryDue();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not try the due pushes again; they stay due", ex);
		}
	}

	/**
	 * Tries the due pushes once more.
	 * @return how many were due
	 */
	int retryDue() {
		Integer claimed = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			List<PushLedger.Waiting> due = this.ledger.claimDue(now, this.properties.retry().batchSize());
			if (due.isEmpty()) {
				return 0;
			}
			Set<String> recipients = new LinkedHashSet<>();
			due.forEach((waiting) -> recipients.add(waiting.recipientId()));
			Map<String, List<String>> tokens = this.devices.tokensOf(recipients);
			List<Pushes.Attempt> attempts = new ArrayList<>(due.size());
			List<PushLedger.Row> dropped = new ArrayList<>();
			for (PushLedger.Waiting waiting : due) {
				NotificationDispatched notification = this.events.read(waiting.record(), NotificationDispatched.class);
				PushLedger.Key key = new PushLedger.Key(notification.notificationId(), waiting.token());
				if (!tokens.getOrDefault(waiting.recipientId(), List.of()).contains(waiting.token())) {
					dropped.add(PushLedger.Row.settled(key, waiting.recipientId(), "FAILED", waiting.attempts(),
							"DEVICE_GONE", now));
				}
				else if (notification.expiredAt(now)) {
					dropped.add(PushLedger.Row.settled(key, waiting.recipientId(), "FAILED", waiting.attempts(),
							"EXPIRED", now));
				}
				else {
					attempts.add(new Pushes.Attempt(new Pushes.Due(notification, waiting.record()), waiting.token(),
							waiting.attempts() + 1));
				}
			}
			this.ledger.record(dropped);
			this.pushes.deliver(attempts);
			return due.size();
		});
		return (claimed != null) ? claimed : 0;
	}

	@Scheduled(fixedDelayString = "${notify.mobile.sending.prune-interval:10m}", initialDelayString = "1m")
	void prune() {
		int pruned = this.ledger.prune(this.clock.instant().minus(this.properties.idempotencyWindow()));
		if (pruned > 0) {
			logger.info("Forgot {} pushes older than {}", pruned, this.properties.idempotencyWindow());
		}
	}

}
