package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.backoffice.notify.support.problem.Problems;
import com.backoffice.notify.gateway.security.StreamTokens;
import com.backoffice.notify.support.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableChannel;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/notifications/stream}: the admin's events as server-sent events. A
 * client that sends the id of the last event it has ({@code Last-Event-ID}, or
 * {@code lastEventId} on a first page load) first gets exactly what it missed, then live
 * events; when that id is no longer in the buffer it gets a {@code reset} instead, and
 * reloads its timeline from the store.
 * <p>
 * Served by Reactor Netty directly, ahead of WebFlux: a stream lasts for hours, and all
 * that time it would hold what WebFlux keeps for a request in progress (the exchange, its
 * filter chain, the handler's invocation, the security context), several times what the
 * stream itself needs. {@link StreamTokens} authenticates it as the filter chain does the
 * other APIs.
 */
@Component
class NotificationStream implements NettyRouteProvider {

	static final String PATH = "/api/notifications/stream";

	private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");

	private static final ServerSentEvent<String> HEARTBEAT = ServerSentEvent.<String>builder()
		.comment("heartbeat")
		.build();

	private static final String EVENT_STREAM = "text/event-stream;charset=UTF-8";

	private final Connections connections;

	private final AdminBuffers buffers;

	private final StreamTokens tokens;

	private final Problems problems;

	private final StreamProperties properties;

	private final Timer latency;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	NotificationStream(Connections connections, AdminBuffers buffers, StreamTokens tokens, Problems problems,
			StreamProperties properties, MeterRegistry meters, ObservationRegistry observations) {
		this.connections = connections;
		this.observations = observations;
		this.buffers = buffers;
		this.tokens = tokens;
		this.problems = problems;
		this.properties = properties;
		this.meters = meters;
		this.latency = Timer.builder("notify.gateway.delivery.latency")
			.description("From a notification's createdAt to its write on a stream")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.get(PATH, this::serve);
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		// the stream is subscribed apart from the authentication that led to it: chained
		// to it, it would hold the decoded token for as long as it lasts
		return Mono.create((served) -> this.tokens.adminOf(request).subscribe((admin) -> {
			Mono<Void> stream;
			try {
				stream = stream(this.connections.open(admin), request, response);
			}
			catch (ResponseStatusException ex) {
				stream = refuse(request, response, ex);
			}
			served.onDispose(stream.subscribe(null, served::error, served::success));
		}, (failure) -> {
			Mono<Void> refused;
			if (failure instanceof AuthenticationException unauthenticated) {
				refused = this.tokens.refuse(request, response, unauthenticated);
			}
			else if (failure instanceof ResponseStatusException malformed) {
				refused = refuse(request, response, malformed);
			}
			else {
				refused = Mono.error(failure);
			}
			served.onDispose(refused.subscribe(null, served::error, served::success));
		}));
	}

	private Mono<Void> stream(Connections.Opened opened, HttpServerRequest request, HttpServerResponse response) {
		response.withConnection((channel) -> opened.connection().watch(channel.channel()::isWritable));
		return response.status(HttpResponseStatus.OK)
			.header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
			// proxies must pass events on as they come
			.header("X-Accel-Buffering", "no")
			.send(events(opened, lastEventId(request), () -> response.withConnection(DisposableChannel::dispose))
				.map((event) -> frame(response.alloc(), event)), (frame) -> true)
			.then();
	}

	private Mono<Void> refuse(HttpServerRequest request, HttpServerResponse response, ResponseStatusException ex) {
		HttpStatus status = HttpStatus.valueOf(ex.getStatusCode().value());
		return response.status(status.value())
			.header(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
			.sendByteArray(Mono.just(this.problems.json(status, ex.getReason(), request.fullPath())))
			.then();
	}

	private static String lastEventId(HttpServerRequest request) {
		String header = request.requestHeaders().get("Last-Event-ID");
		if (header != null && !header.isBlank()) {
			return header;
		}
		List<String> parameter = new QueryStringDecoder(request.uri()).parameters().get("lastEventId");
		return (parameter != null) ? parameter.get(0) : null;
	}

	private Flux<ServerSentEvent<String>> events(Connections.Opened opened, String lastEventId, Runnable abort) {
		Connection connection = opened.connection();
		Flux<ServerSentEvent<String>> events = Flux.concat(Mono.just(hello()),
				opened.ready().then(replay(connection, lastEventId)).flatMapMany(Flux::fromIterable), connection.live()
					.map((event) -> (event == Connection.HEARTBEAT) ? HEARTBEAT : send(connection, event)));
		AtomicReference<Connection.Reason> reason = new AtomicReference<>(Connection.Reason.CLIENT);
		return events.takeUntilOther(connection.closing().doOnNext(reason::set))
			.concatWith(Flux.defer(() -> farewell(reason.get(), abort)))
			// the reason the stream was closed for, else the client went away: a slow
			// client's aborted connection also cancels the stream, and stays slow
			.doFinally((signal) -> this.connections.closed(connection, reason.get()));
	}

	/**
	 * Writes an event in the SSE format: each line of a comment or data on a line of its
	 * own, so that no line break in the data can end the event early or start another,
	 * and after a space, which a reader strips (a line's own leading space is kept).
	 */
	static ByteBuf frame(ByteBufAllocator allocator, ServerSentEvent<String> event) {
		StringBuilder frame = new StringBuilder();
		if (event.id() != null) {
			frame.append("id: ").append(event.id()).append('\n');
		}
		if (event.event() != null) {
			frame.append("event: ").append(event.event()).append('\n');
		}
		if (event.retry() != null) {
			frame.append("retry: ").append(event.retry().toMillis()).append('\n');
		}
		if (event.comment() != null) {
			lines(frame, ": ", event.comment());
		}
		if (event.data() != null) {
			lines(frame, "data: ", event.data());
		}
		frame.append('\n');
		return ByteBufUtil.writeUtf8(allocator, frame);
	}

	private static void lines(StringBuilder frame, String field, String text) {
		// the common case, JSON on one line, without the regex (a tenth of the gateway's
		// CPU at 5,000 events/s, BENCHMARKS.md)
		if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
			frame.append(field).append(text).append('\n');
			return;
		}
		for (String line : LINE_BREAK.split(text, -1)) {
			frame.append(field).append(line).append('\n');
		}
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
		traceWrite(event);
		return ServerSentEvent.builder(event.json()).id(event.id().toString()).event(event.kind().name()).build();
	}

	/**
	 * Ends the notification's trace with this write to a browser, a span of its own.
	 */
	private void traceWrite(BufferedEvent event) {
		String parent = TraceFields.traceparent(event.json());
		if (parent != null) {
			EventTracing.continued(parent, "notify.gateway.sse.write", "sse write", this.observations).start().stop();
		}
	}

	private static ServerSentEvent<String> reset(StreamId newest) {
		ServerSentEvent.Builder<String> reset = ServerSentEvent
			.builder("{\"reason\":\"The events since your last one are no longer buffered: reload your timeline\"}")
			.event("reset");
		return (newest.millis() > 0) ? reset.id(newest.toString()).build() : reset.build();
	}

	/**
	 * What a stream ends with: on shutdown, a reconnect delay spread over clients; for a
	 * slow client, nothing: its connection, which it no longer reads, is aborted.
	 */
	private Flux<ServerSentEvent<String>> farewell(Connection.Reason reason, Runnable abort) {
		return switch (reason) {
			case SHUTDOWN -> Flux.just(ServerSentEvent.<String>builder()
				.retry(Duration.ofMillis(ThreadLocalRandom.current()
					.nextLong(this.properties.retry().toMillis(),
							Math.max(this.properties.retry().toMillis(),
									this.properties.shutdownReconnectSpread().toMillis()) + 1)))
				.comment("this gateway shuts down: reconnect")
				.build());
			case SLOW -> Flux.defer(() -> {
				abort.run();
				return Flux.empty();
			});
			case CLIENT, ERROR -> Flux.empty();
		};
	}

	private Counter replayed(String outcome) {
		return this.meters.counter("notify.gateway.replay", "outcome", outcome);
	}

}
