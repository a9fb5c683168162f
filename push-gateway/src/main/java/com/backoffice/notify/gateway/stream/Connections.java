package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The streams open on this replica, by admin. The first stream of an admin subscribes
 * this replica to the admin's live channel, the last one to close unsubscribes it: a
 * replica receives only the events of admins connected to it. On shutdown every stream is
 * told to reconnect (to another replica) and closed.
 */
@Component
class Connections implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Connections.class);

	private final AdminBuffers buffers;

	private final StreamProperties properties;

	private final MeterRegistry meters;

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final Counter liveReceived;

	private volatile boolean running;

	private Disposable live;

	private Disposable heartbeats;

	/**
	 * Each connection beats on one tick of a heartbeat period; the ticks are a second
	 * apart.
	 */
	private final int heartbeatSlots;

	private final AtomicLong opened = new AtomicLong();

	Connections(AdminBuffers buffers, StreamProperties properties, MeterRegistry meters) {
		this.buffers = buffers;
		this.properties = properties;
		this.meters = meters;
		this.heartbeatSlots = (int) Math.max(1, properties.heartbeat().toSeconds());
		Gauge.builder("notify.gateway.connections", this.open, AtomicInteger::get)
			.description("Open SSE streams")
			.register(meters);
		Gauge.builder("notify.gateway.connected.admins", this.feeds, Map::size)
			.description("Admins with at least one open stream, each a live channel subscription")
			.register(meters);
		this.liveReceived = Counter.builder("notify.gateway.live.received")
			.description("Events received from the live channels of connected admins")
			.register(meters);
	}

	/**
	 * Opens a stream for an admin.
	 * @param adminId the admin
	 * @return the connection, and when its live feed is subscribed
	 * @throws ResponseStatusException 429 when the admin holds too many streams here, 503
	 * when this replica shuts down
	 */
	Opened open(String adminId) {
		if (!this.running) {
			throw refused(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down",
					"This gateway is shutting down: reconnect to another");
		}
		Connection connection = new Connection(adminId, this.properties.bufferSize(),
				(int) Math.floorMod(this.opened.getAndIncrement(), this.heartbeatSlots));
		Feed feed = this.feeds.compute(adminId, (id, existing) -> {
			Feed joined = (existing != null) ? existing : new Feed(id);
			if (joined.connections.size() >= this.properties.maxConnectionsPerAdmin()) {
				throw refused(HttpStatus.TOO_MANY_REQUESTS, "too-many",
						"You have " + joined.connections.size() + " open streams on this gateway, the most allowed: "
								+ "close a tab, or share one stream between tabs");
			}
			joined.connections.add(connection);
			return joined;
		});
		this.open.incrementAndGet();
		this.meters.counter("notify.gateway.connects", "outcome", "accepted").increment();
		return new Opened(connection, feed.ready);
	}

	/**
	 * Forgets a closed stream; the admin's live channel is unsubscribed with the last
	 * one.
	 * @param connection the stream
	 * @param reason why it closed
	 */
	void closed(Connection connection, Connection.Reason reason) {
		this.feeds.computeIfPresent(connection.adminId(), (id, feed) -> {
			feed.connections.remove(connection);
			if (feed.connections.isEmpty()) {
				this.buffers.stopListening(id)
					.subscribe(null,
							(failure) -> logger.warn("Could not stop listening to {} ({})", id, failure.getMessage()));
				return null;
			}
			return feed;
		});
		this.open.decrementAndGet();
		this.meters.counter("notify.gateway.disconnects", "reason", reason.name().toLowerCase()).increment();
	}

	private ResponseStatusException refused(HttpStatus status, String reason, String detail) {
		this.meters.counter("notify.gateway.connects", "outcome", reason).increment();
		return new ResponseStatusException(status, detail);
	}

	/**
	 * Listens to the live channels, handing each event to the streams of its admin.
	 */
	@Override
	public void start() {
		this.live = this.buffers.live().subscribe((live) -> {
			Feed feed = this.feeds.get(live.adminId());
			if (feed != null) {
				feed.dispatch(live.event());
			}
		});
		// one timer beats every stream of this replica, a slot of them at each tick
		Duration tick = this.properties.heartbeat().dividedBy(this.heartbeatSlots);
		this.heartbeats = Flux.interval(tick, tick).onBackpressureDrop().subscribe(this::heartbeat);
		this.running = true;
	}

	private void heartbeat(long tick) {
		int slot = (int) (tick % this.heartbeatSlots);
		this.feeds.values().forEach((feed) -> feed.connections.forEach((connection) -> {
			if (connection.heartbeatSlot() == slot) {
				connection.heartbeat();
			}
		}));
	}

	/**
	 * Tells every stream to reconnect and closes it, before the web server's graceful
	 * shutdown waits for open requests.
	 */
	@Override
	public void stop() {
		this.running = false;
		int closing = this.open.get();
		closeAll(Connection.Reason.SHUTDOWN);
		logger.info("Told {} streams to reconnect to another gateway", closing);
		this.live.dispose();
		this.heartbeats.dispose();
	}

	/**
	 * Closes every stream; the clients reconnect.
	 * @param reason why
	 */
	void closeAll(Connection.Reason reason) {
		this.feeds.values().forEach((feed) -> feed.connections.forEach((c) -> c.close(reason)));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A stream just opened.
	 *
	 * @param connection the stream
	 * @param ready completes once the admin's live channel is subscribed
	 */
	record Opened(Connection connection, Mono<Void> ready) {

	}

	/**
	 * The streams of one admin on this replica.
	 */
	private final class Feed {

		// a few per admin, and read at every event: copied on the rare write
		private final Set<Connection> connections = new CopyOnWriteArraySet<>();

		private final Mono<Void> ready;

		Feed(String adminId) {
			this.ready = Connections.this.buffers.listen(adminId).cache();
			this.ready.subscribe(null, (failure) -> {
				logger.warn("Could not listen to the live channel of {} ({})", adminId, failure.getMessage());
				this.connections.forEach((c) -> c.close(Connection.Reason.ERROR));
			});
		}

		private void dispatch(BufferedEvent event) {
			Connections.this.liveReceived.increment();
			this.connections.forEach((connection) -> connection.offer(event));
		}

	}

}
