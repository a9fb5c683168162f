package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notifications/stream}: the admin's events as server-sent events. A
 * client that sends the id of the last event it has ({@code Last-Event-ID}, or
 * {@code lastEventId} on a first page load) first gets exactly what it missed, then live
 * events; when that id is no longer in the buffer it gets a {@code reset} instead, and
 * reloads its timeline from the store.
 */
@RestController
class NotificationStream {

	static final String PATH = "/api/notifications/stream";

	private final Connections connections;

	private final AdminBuffers buffers;

	private final StreamProperties properties;

	private final Timer latency;

	private final MeterRegistry meters;

	NotificationStream(Connections connections, AdminBuffers buffers, StreamProperties properties,
			MeterRegistry meters) {
		this.connections = connections;
		this.buffers = buffers;
		this.properties = properties;
		this.meters = meters;
		this.latency = Timer.builder("notify.gateway.delivery.latency")
			.description("From a notification's createdAt to its write on a stream")
			.publishPercentileHistogram()
			.register(meters);
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@AuthenticationPrincipal Jwt admin,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
			@RequestParam(name = "lastEventId", required = false) String lastEventIdParameter,
			ServerHttpResponse response) {
		// proxies must pass events on as they come
		response.getHeaders().set("X-Accel-Buffering", "no");
		response.getHeaders().setCacheControl("no-cache, no-store");
		String lastEventId = (lastEventIdHeader != null && !lastEventIdHeader.isBlank()) ? lastEventIdHeader
				: lastEventIdParameter;
		Connections.Opened opened = this.connections.open(admin.getSubject());
		Connection connection = opened.connection();
		Flux<ServerSentEvent<String>> events = Flux.concat(Mono.just(hello()),
				opened.ready().then(replay(connection, lastEventId)).flatMapMany(Flux::fromIterable),
				connection.live().map((event) -> send(connection, event)));
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
			.onBackpressureDrop()
			.map((tick) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
		AtomicReference<Connection.Reason> reason = new AtomicReference<>(Connection.Reason.CLIENT);
		return Flux.merge(events, heartbeats)
			.takeUntilOther(connection.closing().doOnNext(reason::set))
			.concatWith(Flux.defer(() -> farewell(reason.get())))
			.doFinally((signal) -> this.connections.closed(connection,
					(signal == SignalType.CANCEL) ? Connection.Reason.CLIENT : reason.get()));
	}

	private ServerSentEvent<String> hello() {
		return ServerSentEvent.<String>builder().retry(this.properties.retry()).comment("connected").build();
	}

	private Mono<List<ServerSentEvent<String>>> replay(Connection connection, String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return Mono.just(List.of());
		}
		return this.buffers.since(connection.adminId(), lastEventId).map((replay) -> {
			if (replay.resetTo() != null) {
				replayed("reset").increment();
				connection.sent(replay.resetTo());
				return List.of(reset(replay.resetTo()));
			}
			replayed("hit").increment();
			return replay.events().stream().map((event) -> send(connection, event)).toList();
		});
	}

	private ServerSentEvent<String> send(Connection connection, BufferedEvent event) {
		connection.sent(event.id());
		if (event.createdAtMillis() > 0) {
			this.latency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - event.createdAtMillis())));
		}
		this.meters.counter("notify.gateway.delivered", "event", event.kind().name()).increment();
		return ServerSentEvent.builder(event.json()).id(event.id().toString()).event(event.kind().name()).build();
	}

	private static ServerSentEvent<String> reset(StreamId newest) {
		ServerSentEvent.Builder<String> reset = ServerSentEvent
			.builder("{\"reason\":\"The events since your last one are no longer buffered: reload your timeline\"}")
			.event("reset");
		return (newest.millis() > 0) ? reset.id(newest.toString()).build() : reset.build();
	}

	/**
	 * What a stream ends with: on shutdown, a reconnect delay spread over clients; for a
	 * slow client, an error, which aborts the connection it no longer reads.
	 */
	private Flux<ServerSentEvent<String>> farewell(Connection.Reason reason) {
		return switch (reason) {
			case SHUTDOWN -> Flux.just(ServerSentEvent.<String>builder()
				.retry(Duration.ofMillis(ThreadLocalRandom.current()
					.nextLong(this.properties.retry().toMillis(),
							Math.max(this.properties.retry().toMillis(),
									this.properties.shutdownReconnectSpread().toMillis()) + 1)))
				.comment("this gateway shuts down: reconnect")
				.build());
			case SLOW -> Flux.error(new SlowClientException());
			case CLIENT, ERROR -> Flux.empty();
		};
	}

	private Counter replayed(String outcome) {
		return this.meters.counter("notify.gateway.replay", "outcome", outcome);
	}

	/**
	 * A client that stopped reading.
	 */
	static final class SlowClientException extends RuntimeException {

		SlowClientException() {
			super("The client did not read its stream; disconnected, it replays when it reconnects", null, false,
					false);
		}

	}

}
