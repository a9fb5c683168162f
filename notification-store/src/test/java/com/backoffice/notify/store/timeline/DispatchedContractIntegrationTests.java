package com.backoffice.notify.store.timeline;

import java.time.Duration;
import java.util.UUID;

import com.backoffice.notify.store.StoreContractBase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.contract.stubrunner.StubTrigger;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store reads what the router's contracts say the router publishes: its stubs,
 * triggered on real Kafka.
 */
class DispatchedContractIntegrationTests extends StoreContractBase {

	@Autowired
	StubTrigger stubs;

	@Autowired
	TimelineRepository timeline;

	@Autowired
	JdbcClient sql;

	@Test
	void storesTheRoutersBulkUrgentAndDigestNotifications() {
		this.stubs.trigger("order_placed_dispatched");
		this.stubs.trigger("excel_export_dispatched");
		this.stubs.trigger("product_inquiries_digested");

		for (String id : new String[] { "c73cb81f-9831-3bdb-b328-6743a7030028", "7142dd1d-595e-3720-8a90-d8af1e8f1df3",
				"5d23894e-5440-319a-900c-7635e9d4f819" }) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.timeline.countById(UUID.fromString(id)) == 1);
		}
		assertThat(this.sql.sql("SELECT digest->>'count' FROM notification WHERE notification_id = ?")
			.param(UUID.fromString("5d23894e-5440-319a-900c-7635e9d4f819"))
			.query(String.class)
			.single()).isEqualTo("2");
	}

}
