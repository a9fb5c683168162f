package com.backoffice.excelexport.export;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ExportNotificationsIntegrationTests extends ExcelExportContractBase {

	private final KafkaTestClient kafka = KafkaTestClient.shared();

	@Autowired
	TransactionTemplate transactions;

	@Test
	void tellsTheAdminOnceTheExportHasCommitted() {
		String id = UUID.randomUUID().toString();
		this.exports.start(id, "op-m2", "claims.xlsx");
		this.exports.complete(id, 12);
		this.exports.complete(id, 12);

		List<ConsumerRecord<String, String>> requests = requestsFor(id, Duration.ofSeconds(30));
		assertThat(requests).singleElement().satisfies((request) -> {
			assertThat(request.key()).isEqualTo("op-m2");
			assertThat(request.value()).contains("\"adminIds\":[\"op-m2\"]").contains("claims.xlsx (12 rows)");
			assertThat(KafkaTestClient.header(request, "ce_source")).isEqualTo("/excel-export");
			assertThat(KafkaTestClient.header(request, "traceparent")).as("the notification's trace starts here")
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		});
	}

	@Test
	void publishesNothingWhenTheExportsTransactionRollsBack() {
		String id = UUID.randomUUID().toString();
		this.exports.start(id, "op-m1", "orders.xlsx");

		this.transactions.executeWithoutResult((transaction) -> {
			this.exports.complete(id, 40);
			// something later in the same transaction fails
			transaction.setRollbackOnly();
		});

		assertThat(this.exports.find(id))
			.hasValueSatisfying((export) -> assertThat(export.status()).isEqualTo("RUNNING"));
		assertThat(requestsFor(id, Duration.ofSeconds(5))).as("no notification for a rolled-back export").isEmpty();
	}

	private List<ConsumerRecord<String, String>> requestsFor(String exportId, Duration wait) {
		String eventId = "excel-export/" + exportId + "/completed";
		return this.kafka.read(TOPIC, (record) -> eventId.equals(KafkaTestClient.header(record, "ce_id")), 2, wait);
	}

}
