package com.backoffice.notify.mobile.fcm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.internal.ApacheHttp2Transport;
import com.google.firebase.messaging.FirebaseMessaging;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The firebase-admin client. In production it authenticates with the configured service
 * account or Application Default Credentials and talks to FCM over its default HTTP/2
 * transport. With {@code notify.mobile.fcm.endpoint} set it is the same client and
 * transport, but every connection is routed to that endpoint (requests keep FCM's paths
 * and bodies) and the bearer token is a static one: that is how the tests and the local
 * run reach the fake FCM server.
 */
@Configuration(proxyBeanMethods = false)
class FcmConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(FcmConfiguration.class);

	@Bean(destroyMethod = "delete")
	FirebaseApp firebaseApp(FcmProperties properties) throws IOException {
		FirebaseOptions.Builder options = FirebaseOptions.builder()
			.setConnectTimeout((int) properties.connectTimeout().toMillis())
			.setReadTimeout((int) properties.readTimeout().toMillis());
		if (properties.endpoint() != null) {
			HttpHost endpoint = HttpHost.create(properties.endpoint());
			HttpRoutePlanner toEndpoint = (target, context) -> new HttpRoute(endpoint);
			options
				.setHttpTransport(new ApacheHttp2Transport(
						ApacheHttp2Transport.defaultHttpAsyncClientBuilder().setRoutePlanner(toEndpoint).build()))
				.setCredentials(GoogleCredentials.create(new AccessToken("static-token-for-a-stand-in",
						Date.from(Instant.now().plus(3650, ChronoUnit.DAYS)))))
				.setProjectId((properties.projectId() != null) ? properties.projectId() : "local");
			logger.warn("Sending FCM messages to {}, not to Firebase", properties.endpoint());
		}
		else {
			options.setCredentials(credentials(properties));
			if (properties.projectId() != null) {
				options.setProjectId(properties.projectId());
			}
		}
		// a name of its own: several application contexts may share a JVM (tests)
		return FirebaseApp.initializeApp(options.build(), "mobile-push-" + UUID.randomUUID());
	}

	@Bean
	FirebaseMessaging firebaseMessaging(FirebaseApp app) {
		return FirebaseMessaging.getInstance(app);
	}

	private static GoogleCredentials credentials(FcmProperties properties) throws IOException {
		if (properties.credentials() == null) {
			return GoogleCredentials.getApplicationDefault();
		}
		try (InputStream in = properties.credentials().getInputStream()) {
			return GoogleCredentials.fromStream(in);
		}
	}

}
