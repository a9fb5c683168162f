package com.backoffice.notify.router.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.backoffice.notify.router.digest.DigestProperties;
import com.backoffice.notify.router.directory.AdminDirectory;
import com.backoffice.notify.support.CloudEvents;
import com.backoffice.notify.support.DeadLettering;
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
 * preferences and streams one message per recipient out, never holding the audience's
 * messages in memory. URGENT and HIGH go at once to the urgent lane
 * ({@code notification.dispatched.urgent.v1}); LOW and NORMAL to
 * {@code notification.dispatched.v1}, at once for a small audience and through fan-out
 * chunks ({@code notification.fanout.v1}, bound to {@code expand-in-0}) for a large one,
 * so that no bulk fan-out holds up the requests behind it.
 */
@Configuration(proxyBeanMethods = false)
class Routing {

	static final String REQUESTED = "notification.requested.v1";

	static final String DISPATCHED = "notification.dispatched.v1";

	static final String DISPATCHED_URGENT = "notification.dispatched.urgent.v1";

	static final String FANOUT = "notification.fanout.v1";

	static final String SOURCE = "/notification-router";

	private static final Logger logger = LoggerFactory.getLogger(Routing.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Consumer<Message<byte[]>> route(EventReader events, JsonMapper json, RequestValidator validator,
			AdminDirectory directory, RecentRequests recent, StreamBridge output, Deliveries deliveries,
			RoutingProperties properties, DigestProperties digests, Clock clock, MeterRegistry meters) {
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
				Stream<String> recipients = recipients(request.body(), directory);
				Fanout fanout = urgent(request.body())
						? dispatchAll(request, now, recipients, directory, output, properties.urgentBinding(), counters)
						: dispatchOrChunk(request, now, recipients, directory, output, properties,
								bulkBinding(request.body(), properties, digests), counters);
				deliveries.flush();
				recent.remember(request.eventId());
				counters.routed.increment();
				counters.audience.record(fanout.recipients());
				logger.info("Routed {} ({}, {}) to {} recipients{}", eventId, request.body().type(),
						request.body().priority(), fanout.recipients(),
						(fanout.chunks() > 0) ? " in " + fanout.chunks() + " fan-out chunks" : "");
			}
			catch (RejectedEventException ex) {
				counters.rejected.increment();
				DeadLettering.counted(meters, String.valueOf(message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC)));
				logger.warn("Rejected {}: {}", eventId, ex.getMessage());
				throw ex;
			}
			finally {
				MDC.remove("eventId");
			}
		};
	}

	/**
	 * Dispatches one chunk of a bulk request's audience.
	 */
	@Bean
	Consumer<Message<byte[]>> expand(EventReader events, AdminDirectory directory, StreamBridge output,
			Deliveries deliveries, RoutingProperties properties, DigestProperties digests, MeterRegistry meters) {
		Meters counters = new Meters(meters);
		return (message) -> {
			FanoutChunk chunk = events.read(message, FanoutChunk.class);
			MDC.put("eventId", chunk.eventId());
			try {
				Request request = new Request(chunk.eventId(), chunk.source(), chunk.request());
				dispatchAll(request, chunk.acceptedAt(), chunk.recipients().stream(), directory, output,
						bulkBinding(chunk.request(), properties, digests), counters);
				deliveries.flush();
			}
			finally {
				MDC.remove("eventId");
			}
		};
	}

	private static boolean urgent(NotificationRequested request) {
		return request.priority() == Priority.URGENT || request.priority() == Priority.HIGH;
	}

	/**
	 * Where a bulk request's notifications go: to the digest when its type is digested
	 * and it has a group key, straight to {@code notification.dispatched.v1} otherwise.
	 * The urgent lane never waits for a digest.
	 */
	private static String bulkBinding(NotificationRequested request, RoutingProperties properties,
			DigestProperties digests) {
		return digests.collects(request.type(), request.groupKey()) ? digests.binding() : properties.dispatchBinding();
	}

	/**
	 * Dispatches a small bulk audience at once; cuts a large one into chunks for
	 * {@code expand}, so that this partition moves on to the next request quickly.
	 */
	private static Fanout dispatchOrChunk(Request request, Instant now, Stream<String> recipients,
			AdminDirectory directory, StreamBridge output, RoutingProperties properties, String bulkBinding,
			Meters counters) {
		Iterator<String> audience = recipients.iterator();
		List<String> chunk = nextChunk(audience, properties.fanoutChunkSize());
		if (!audience.hasNext()) {
			return dispatchAll(request, now, chunk.stream(), directory, output, bulkBinding, counters);
		}
		int chunks = 0;
		long total = 0;
		while (!chunk.isEmpty()) {
			FanoutChunk part = new FanoutChunk(request.eventId(), request.source(), now, request.body(), chunk);
			output.send(properties.fanoutBinding(), CloudEvents
				.withHeaders(MessageBuilder.withPayload(part), request.eventId() + "/" + chunks, FANOUT, SOURCE, now)
				.setHeader(KafkaHeaders.KEY, request.eventId() + "/" + chunks)
				.build());
			chunks++;
			total += chunk.size();
			chunk = nextChunk(audience, properties.fanoutChunkSize());
		}
		return new Fanout(total, chunks);
	}

	private static List<String> nextChunk(Iterator<String> audience, int size) {
		List<String> chunk = new ArrayList<>(size);
		while (chunk.size() < size && audience.hasNext()) {
			chunk.add(audience.next());
		}
		return chunk;
	}

	private static Fanout dispatchAll(Request request, Instant now, Stream<String> recipients, AdminDirectory directory,
			StreamBridge output, String binding, Meters counters) {
		long resolved = recipients.mapToLong((recipient) -> {
			Message<NotificationDispatched> notification = dispatch(request, recipient, directory, now, counters);
			if (notification != null) {
				output.send(binding, notification);
				counters.dispatched.increment();
			}
			return 1;
		}).sum();
		return new Fanout(resolved, 0);
	}

	private static Request read(Message<byte[]> message, EventReader events, JsonMapper json,
			RequestValidator validator, Instant now) {
		String eventId = CloudEvents.requiredHeader(message, CloudEvents.ID);
		String source = CloudEvents.requiredHeader(message, CloudEvents.SOURCE);
		String type = CloudEvents.requiredHeader(message, CloudEvents.TYPE);
		validator.checkHeaders(eventId, source);
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

	/** How many recipients a request resolved to, and in how many fan-out chunks. */
	private record Fanout(long recipients, int chunks) {
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
