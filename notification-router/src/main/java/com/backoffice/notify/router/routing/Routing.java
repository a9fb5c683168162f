package com.backoffice.notify.router.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.backoffice.notify.router.directory.AdminDirectory;
import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.EventReader;
import com.backoffice.notify.support.RejectedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Binds {@code route-in-0} ({@code notification.requested.v1}): validates a request,
 * resolves its audience from the {@link AdminDirectory}, applies each recipient's
 * preferences and streams one {@code notification.dispatched.v1} message per recipient
 * out through the {@code dispatch} binding, without holding the audience's messages in
 * memory.
 */
@Configuration(proxyBeanMethods = false)
class Routing {

	static final String REQUESTED = "notification.requested.v1";

	static final String DISPATCHED = "notification.dispatched.v1";

	static final String SOURCE = "/notification-router";

	private static final Logger logger = LoggerFactory.getLogger(Routing.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Consumer<Message<byte[]>> route(EventReader events, JsonMapper json, RequestValidator validator,
			AdminDirectory directory, RecentRequests recent, StreamBridge output, RoutingProperties properties,
			Clock clock, MeterRegistry meters) {
		Meters counters = new Meters(meters);
		return (message) -> {
			String eventId = CloudEvents.header(message, CloudEvents.ID);
			MDC.put("eventId", eventId);
			try {
				Instant now = clock.instant();
				Request request = read(message, events, json, validator, now);
				if (recent.routedLately(request.eventId())) {
					counters.duplicates.increment();
					logger.info("Dropped {}: routed lately, a retry", eventId);
					return;
				}
				long dispatched = recipients(request.body(), directory).mapToLong((recipient) -> {
					Message<NotificationDispatched> notification = dispatch(request, recipient, directory, now,
							counters);
					if (notification == null) {
						return 0;
					}
					output.send(properties.dispatchBinding(), notification);
					return 1;
				}).sum();
				recent.remember(request.eventId());
				counters.routed.increment();
				counters.dispatched.increment(dispatched);
				counters.audience.record(dispatched);
				logger.info("Routed {} ({}) to {} recipients", eventId, request.body().type(), dispatched);
			}
			catch (RejectedEventException ex) {
				counters.rejected.increment();
				logger.warn("Rejected {}: {}", eventId, ex.getMessage());
				throw ex;
			}
			finally {
				MDC.remove("eventId");
			}
		};
	}

	private static Request read(Message<byte[]> message, EventReader events, JsonMapper json,
			RequestValidator validator, Instant now) {
		String eventId = CloudEvents.requiredHeader(message, CloudEvents.ID);
		String source = CloudEvents.requiredHeader(message, CloudEvents.SOURCE);
		String type = CloudEvents.requiredHeader(message, CloudEvents.TYPE);
		if (!REQUESTED.equals(type)) {
			throw new RejectedEventException("header ce_type is '" + type + "', expected '" + REQUESTED + "'");
		}
		JsonNode tree = events.read(message, JsonNode.class);
		validator.checkSchema(tree.toString());
		NotificationRequested body = json.treeToValue(tree, NotificationRequested.class);
		validator.checkRules(body, now);
		return new Request(eventId, source, body);
	}

	/**
	 * The union of the audience's selectors, narrowed by roles, each active admin once. A
	 * partner's admins are reached only through their partner id, their own id or
	 * {@code all}: they belong to no mall.
	 */
	private static Stream<String> recipients(NotificationRequested request, AdminDirectory directory) {
		NotificationRequested.Audience audience = request.audience();
		Stream<String> selected = Stream
			.of(audience.adminIds().stream().filter(directory::isActive),
					audience.mallIds().stream().flatMap(directory::activeInMall),
					audience.partnerIds().stream().flatMap(directory::activeOfPartner),
					audience.all() ? directory.activeAdmins() : Stream.<String>empty())
			.flatMap((ids) -> ids)
			.distinct();
		return audience.roles().isEmpty() ? selected
				: selected.filter((admin) -> directory.hasAnyRole(admin, audience.roles()));
	}

	private static Message<NotificationDispatched> dispatch(Request request, String recipient, AdminDirectory directory,
			Instant now, Meters counters) {
		NotificationRequested body = request.body();
		boolean urgent = body.priority() == Priority.URGENT;
		if (!urgent && directory.hasMuted(recipient, body.type())) {
			counters.mutedDrops.increment();
			return null;
		}
		Set<Channel> channels = channels(body, urgent ? null : directory.channelsWanted(recipient, body.type()));
		if (channels.isEmpty()) {
			counters.noChannelDrops.increment();
			return null;
		}
		NotificationDispatched notification = new NotificationDispatched(
				NotificationDispatched.idFor(request.eventId(), recipient), request.eventId(), recipient, body.type(),
				body.priority(), body.title(), body.body(), body.link(), body.data(), List.copyOf(channels),
				body.groupKey(), request.source(), now, body.expiresAt());
		return CloudEvents
			.withHeaders(MessageBuilder.withPayload(notification), notification.notificationId().toString(), DISPATCHED,
					SOURCE, now)
			.setHeader(KafkaHeaders.KEY, recipient)
			.build();
	}

	/**
	 * The request's channels, or the priority's default (LOW: the console only), narrowed
	 * to what the admin wants for this type.
	 */
	private static Set<Channel> channels(NotificationRequested request, Set<String> wanted) {
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		if (request.channels() != null && !request.channels().isEmpty()) {
			channels.addAll(request.channels());
		}
		else if (request.priority() == Priority.LOW) {
			channels.add(Channel.WEB);
		}
		else {
			channels.addAll(EnumSet.allOf(Channel.class));
		}
		if (wanted != null) {
			channels.removeIf((channel) -> !wanted.contains(channel.name()));
		}
		return channels;
	}

	private record Request(String eventId, String source, NotificationRequested body) {
	}

	private static final class Meters {

		final Counter routed;

		final Counter duplicates;

		final Counter rejected;

		final Counter dispatched;

		final Counter mutedDrops;

		final Counter noChannelDrops;

		final DistributionSummary audience;

		Meters(MeterRegistry meters) {
			this.routed = Counter.builder("notify.router.requests").tag("outcome", "routed").register(meters);
			this.duplicates = Counter.builder("notify.router.requests").tag("outcome", "duplicate").register(meters);
			this.rejected = Counter.builder("notify.router.requests").tag("outcome", "rejected").register(meters);
			this.dispatched = Counter.builder("notify.router.dispatched").register(meters);
			this.mutedDrops = Counter.builder("notify.router.dropped").tag("reason", "muted").register(meters);
			this.noChannelDrops = Counter.builder("notify.router.dropped").tag("reason", "no-channel").register(meters);
			this.audience = DistributionSummary.builder("notify.router.audience")
				.description("Recipients a request was dispatched to")
				.publishPercentiles(0.5, 0.99)
				.register(meters);
		}

	}

}
