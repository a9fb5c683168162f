package com.backoffice.notify.gateway.stream;

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

	private final String adminId;

	private final Sinks.Many<BufferedEvent> live;

	/**
	 * Events handed to the stream and not yet taken by it: at most {@code bufferSize}.
	 */
	private final AtomicInteger pending = new AtomicInteger();

	private final int bufferSize;

	private final Sinks.One<Reason> closing = Sinks.one();

	private volatile StreamId lastSent;

	Connection(String adminId, int bufferSize) {
		this.adminId = adminId;
		this.bufferSize = bufferSize;
		// a queue that grows in small steps: an idle stream holds next to nothing, a
		// backlog is bounded by the count
		this.live = Sinks.many().unicast().onBackpressureBuffer(Queues.<BufferedEvent>unbounded(8).get());
	}

	String adminId() {
		return this.adminId;
	}

	/**
	 * Hands a live event to this connection; a connection whose buffer is full is closed
	 * as a slow client.
	 * @param event the event
	 */
	void offer(BufferedEvent event) {
		if (this.pending.incrementAndGet() > this.bufferSize) {
			close(Reason.SLOW);
			return;
		}
		this.live.tryEmitNext(event);
	}

	/**
	 * Returns the live events not yet sent: those after the last event sent (by replay or
	 * live), so that an event arriving during a replay is sent once.
	 */
	Flux<BufferedEvent> live() {
		return this.live.asFlux()
			.doOnNext((event) -> this.pending.decrementAndGet())
			.filter((event) -> this.lastSent == null || event.id().compareTo(this.lastSent) > 0);
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
