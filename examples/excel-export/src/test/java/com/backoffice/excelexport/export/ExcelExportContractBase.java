package com.backoffice.excelexport.export;

import com.backoffice.notify.infrastructure.test.KafkaContractMessaging;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.contract.verifier.messaging.boot.AutoConfigureMessageVerifier;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The export service against real Kafka and PostgreSQL. Base class of the test generated
 * from the platform's contract for this service ({@code excel_export_completed}, in the
 * contracts' stubs jar), and of the service's own integration tests.
 */
@SpringBootTest
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
@AutoConfigureMessageVerifier
@Import(KafkaContractMessaging.class)
public abstract class ExcelExportContractBase {

	static final String TOPIC = "notification.requested.v1";

	@Autowired
	protected Exports exports;

	@Autowired
	protected KafkaContractMessaging.Receiver published;

	@Autowired
	JdbcClient database;

	@BeforeEach
	void readOnlyWhatThisTestPublishes() {
		this.published.startAtEnd(TOPIC);
		this.database.sql("DELETE FROM export WHERE id = '7781'").update();
	}

	/**
	 * The export op-m1 asked for finishes, as the contract describes it.
	 */
	public void excelExportCompleted() {
		this.exports.start("7781", "op-m1", "orders-2026-11.xlsx");
		this.exports.complete("7781", 1204);
	}

}
