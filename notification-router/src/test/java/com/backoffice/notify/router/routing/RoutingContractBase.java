package com.backoffice.notify.router.routing;

import java.util.List;

import com.backoffice.notify.infrastructure.test.KafkaContractMessaging;
import com.backoffice.notify.infrastructure.test.KafkaContractStubs;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.contract.stubrunner.StubTrigger;
import org.springframework.cloud.contract.verifier.messaging.boot.AutoConfigureMessageVerifier;

/**
 * The router against real Kafka, fed by the domain teams' stubs from the contracts jar.
 * Base class of the tests generated from the router's contracts, and of the router's own
 * integration tests, so that they share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "notify.router.routing.fanout-chunk-size=" + RoutingContractBase.CHUNK_SIZE,
				"notify.router.digest.types.[" + RoutingContractBase.DIGESTED + "].window=3s",
				"notify.router.digest.types.[" + RoutingContractBase.DIGESTED + "].latest-items=2",
				"notify.router.digest.types.[" + RoutingContractBase.DIGESTED
						+ "].title={count} new product inquiries" })
@RealInfrastructure
@AutoConfigureMessageVerifier
@KafkaContractStubs
public abstract class RoutingContractBase {

	/**
	 * Small, so that the tests' audiences of more than three go through fan-out chunks.
	 */
	static final int CHUNK_SIZE = 3;

	/** The one type the tests digest, in windows of 3 seconds. */
	static final String DIGESTED = "product.inquiry.received";

	@Autowired
	protected StubTrigger stubs;

	@Autowired
	protected KafkaContractMessaging.Receiver published;

	/**
	 * The admins the contracts' examples address, on the directory before the router
	 * starts.
	 */
	@BeforeAll
	static void seedDirectory() {
		Directory.operator("op-m1", List.of("m-1"), List.of("orders", "claims"));
		Directory.operator("op-m2", List.of("m-2"), List.of("orders", "claims"));
		Directory.partner("pt-p1", "p-1", List.of("products", "claims"));
		Directory.admin(Directory.ADMINS, "pl-1", "PLATFORM", List.of(), null, List.of("fraud-reviewer"), true);
	}

	@BeforeEach
	void readOnlyWhatThisTestPublishes() {
		this.published.startAtEnd(Routing.DISPATCHED);
		this.published.startAtEnd(Routing.DISPATCHED_URGENT);
	}

	/**
	 * The excel-export service announces a finished export, as its stub says.
	 */
	public void requestExcelExport() {
		this.stubs.trigger("excel_export_completed");
	}

	/**
	 * The order service announces an order in mall m-1, as its stub says.
	 */
	public void placeOrder() {
		this.stubs.trigger("order_placed");
	}

	/**
	 * Two customers ask about product 1042 of mall m-1 within the digest's window.
	 */
	public void receiveInquiries() {
		inquiry("inquiry-1042-1", "Question about size");
		inquiry("inquiry-1042-2", "Is it in stock?");
	}

	private static void inquiry(String eventId, String title) {
		KafkaTestClient.shared()
			.send(Routing.REQUESTED, "product-1042", """
					{"type": "%s", "priority": "NORMAL", "audience": {"mallIds": ["m-1"]}, "title": "%s",
					 "link": "/products/1042/inquiries/%s", "groupKey": "inquiries:product-1042"}
					""".formatted(DIGESTED, title, eventId.substring(eventId.length() - 1)),
					KafkaTestClient.cloudEvent(eventId, Routing.REQUESTED, "/product-inquiries"));
	}

}
