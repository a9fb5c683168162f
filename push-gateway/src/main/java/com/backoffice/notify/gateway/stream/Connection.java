package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One open stream: its bounded buffer of live events, the id of the last event it was
 * sent, and why it closes.
 */
final class Connection {

	/** What {@link #live()} emits for a heartbeat. */
	static final BufferedEvent HEARTBEAT = new BufferedEvent(StreamId.parse("0-0"), EventKind.notification, 0, "");

	private final String adminId;

	private final Sinks.Many<BufferedEvent> live;

	/**
	 * Events handed to the stream and not yet taken by it: at most {@code bufferSize}.
	 */
	private final AtomicInteger pending = new AtomicInteger();

	private final int bufferSize;

	private final Sinks.One<Reason> closing = Sinks.one();

	/** A heartbeat is waiting in the buffer: there is never more than one. */
	private final AtomicBoolean heartbeatPending = new AtomicBoolean();

	private final int heartbeatSlot;

	private volatile StreamId lastSent;

	/** Whether the socket takes more; until the stream is written, it does. */
	private volatile BooleanSupplier writable = () -> true;

	/** Events offered since the socket last took more. */
	private final AtomicInteger whileUnwritable = new AtomicInteger();

	Connection(String adminId, int bufferSize, int heartbeatSlot) {
		this.adminId = adminId;
		this.bufferSize = bufferSize;
		this.heartbeatSlot = heartbeatSlot;
		// a queue that grows in small steps: an idle stream holds next to nothing, a
		// backlog is bounded by the count
		this.live = Sinks.many().unicast().onBackpressureBuffer(Queues.<BufferedEvent>unbounded(8).get());
	}

	String adminId() {
		return this.adminId;
	}

	/**
	 * Hands a live event to this connection. A connection is closed as a slow client when
	 * its buffer is full, or when {@code bufferSize} events came while its socket took no
	 * more (the server's send queue ahead of the socket takes events regardless of the
	 * buffer).
	 * @param event the event
	 */
	void offer(BufferedEvent event) {
		if (this.pending.incrementAndGet() > this.bufferSize || behindItsSocket()) {
			close(Reason.SLOW);
			return;
		}
		emit(event);
	}

	/**
	 * Watches the socket the stream is written to.
	 * @param writable whether it takes more now
	 */
	void watch(BooleanSupplier writable) {
		this.writable = writable;
	}

	private boolean behindItsSocket() {
		if (this.writable.getAsBoolean()) {
			this.whileUnwritable.set(0);
			return false;
		}
		return this.whileUnwritable.incrementAndGet() > this.bufferSize;
	}

	/**
	 * Hands this connection a heartbeat, unless one is still waiting to be sent.
	 */
	void heartbeat() {
		if (this.heartbeatPending.compareAndSet(false, true)) {
			emit(HEARTBEAT);
		}
	}

	/**
	 * Which of the heartbeat ticks of a period beats this connection: the heartbeats of a
	 * replica's connections are spread over the period.
	 */
	int heartbeatSlot() {
		return this.heartbeatSlot;
	}

	private void emit(BufferedEvent event) {
		// live events and heartbeats come from different threads: a concurrent emission
		// waits its turn instead of being dropped
		this.live.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	/**
	 * Returns the live events not yet sent (those after the last event sent by replay or
	 * live, so that an event arriving during a replay is sent once) and the heartbeats,
	 * {@link #HEARTBEAT}.
	 */
	Flux<BufferedEvent> live() {
		return this.live.asFlux().filter((event) -> {
			if (event == HEARTBEAT) {
				this.heartbeatPending.set(false);
				return true;
			}
			this.pending.decrementAndGet();
			return this.lastSent == null || event.id().compareTo(this.lastSent) > 0;
		});
	}

	void sent(StreamId id) {
		this.lastSent = id;
	}

	void close(Reason reason) {
		this.closing.tryEmitValue(reason);
	}

	Mono<Reason> closing() {
		return this.closing.asMono();
	}

	/**
	 * Why a connection closed.
	 */
	enum Reason {

		/** The client went away. */
		CLIENT,

		/** The client did not read and its buffer filled up. */
		SLOW,

		/** This replica shuts down; the client reconnects to another. */
		SHUTDOWN,

		/** Its live feed failed; the client reconnects and replays. */
		ERROR

	}

}
