package com.backoffice.notify.mobile.fcm;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How mobile-push reaches Firebase Cloud Messaging.
 *
 * @param projectId the Firebase project; taken from the credentials when they name one
 * @param credentials a service-account JSON file; when unset, Application Default
 * Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, the workload's identity)
 * @param endpoint an FCM stand-in to send to instead of
 * {@code https://fcm.googleapis.com}, with a static token rather than credentials: the
 * fake FCM server of the tests and the local run, never production
 * @param connectTimeout how long to wait to connect to FCM
 * @param readTimeout how long to wait for FCM's answer to one message
 */
@ConfigurationProperties("notify.mobile.fcm")
public record FcmProperties(String projectId, Resource credentials, URI endpoint,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout) {

}
