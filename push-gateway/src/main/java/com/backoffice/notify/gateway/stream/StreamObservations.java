package com.backoffice.notify.gateway.stream;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Streams are not observed as HTTP requests: each lasts for hours, and its observation
 * would be held by it all that time, for a duration nobody reads. The stream's own meters
 * ({@code notify.gateway.*}) say what happens on it.
 */
@Configuration(proxyBeanMethods = false)
class StreamObservations {

	@Bean
	ObservationPredicate noObservationOfStreams() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& NotificationStream.PATH.equals(request.getCarrier().getPath().value()));
	}

}
