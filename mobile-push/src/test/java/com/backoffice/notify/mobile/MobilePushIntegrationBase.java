package com.backoffice.notify.mobile;

import java.util.Map;

import com.backoffice.notify.infrastructure.DevTokens;
import com.backoffice.notify.infrastructure.FakeFcm;
import com.backoffice.notify.infrastructure.test.KafkaContractStubs;
import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * What mobile-push's integration tests share, so that they share one application context
 * (one consumer of each topic): real Kafka and PostgreSQL, and one fake FCM server for
 * the JVM, which the real firebase-admin client reaches on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
@KafkaContractStubs
public abstract class MobilePushIntegrationBase {

	protected static final FakeFcm fcm = FakeFcm.start(0, false);

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void fakeFcm(DynamicPropertyRegistry registry) {
		registry.add("notify.mobile.fcm.endpoint", () -> fcm.endpoint().toString());
		registry.add("notify.mobile.fcm.project-id", () -> "notify-test");
	}

	/**
	 * Returns a client of the service's HTTP API.
	 * @return the client
	 */
	protected RestClient api() {
		return RestClient.create("http://localhost:" + this.port);
	}

	/**
	 * Registers a device the way the app does.
	 * @param admin the admin signed in on it
	 * @param token its FCM token
	 * @return the HTTP status of the answer
	 */
	protected int register(String admin, String token) {
		return api().put()
			.uri("/api/devices/{token}", token)
			.header("Authorization", "Bearer " + DevTokens.forAdmin(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("platform", "ANDROID", "appVersion", "3.2.0", "locale", "ko-KR"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

}
