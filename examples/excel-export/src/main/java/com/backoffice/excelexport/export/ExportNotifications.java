package com.backoffice.excelexport.export;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the admin who asked for an export that it is ready: one request to
 * {@code notification.requested.v1} through the {@value #BINDING} binding, sent after the
 * export's transaction has committed, so that a rolled-back export never notifies.
 * <p>
 * The CloudEvents headers go with it: {@code ce_id} is the platform's idempotency key,
 * derived from the export so that a retried publish is dropped as a duplicate. The
 * binder's observation adds {@code traceparent}, so the notification's trace starts here.
 */
@Component
class ExportNotifications {

	/** The output binding, bound to {@code notification.requested.v1}. */
	static final String BINDING = "notifications";

	private static final Logger logger = LoggerFactory.getLogger(ExportNotifications.class);

	private final StreamBridge output;

	ExportNotifications(StreamBridge output) {
		this.output = output;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void completed(ExportCompleted completed) {
		Export export = completed.export();
		NotificationRequested request = new NotificationRequested("excel.export.completed", "HIGH",
				new NotificationRequested.Audience(List.of(export.requestedBy())), "Your Excel export is ready",
				String.format(Locale.ROOT, "%s (%,d rows)", export.fileName(), export.rows()),
				"/exports/" + export.id() + "/download", Map.of("exportId", export.id(), "fileName", export.fileName()),
				List.of("WEB"));
		Message<NotificationRequested> message = MessageBuilder.withPayload(request)
			.setHeader(KafkaHeaders.KEY, export.requestedBy())
			.setHeader("ce_id", "excel-export/" + export.id() + "/completed")
			.setHeader("ce_source", "/excel-export")
			.setHeader("ce_type", "notification.requested.v1")
			.setHeader("ce_specversion", "1.0")
			.setHeader("ce_time", completed.at().truncatedTo(ChronoUnit.SECONDS).toString())
			.setHeader("content-type", "application/json")
			.build();
		if (!this.output.send(BINDING, message)) {
			throw new IllegalStateException("Could not publish the notification of export " + export.id());
		}
		logger.info("Export {} is ready; told {}", export.id(), export.requestedBy());
	}

}
