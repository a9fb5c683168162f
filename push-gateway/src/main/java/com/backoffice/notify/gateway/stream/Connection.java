package com.backoffice.notify.gateway.stream;

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

	private final Sinks.One<Reason> closing = Sinks.one();

	private volatile StreamId lastSent;

	Connection(String adminId, int bufferSize) {
		this.adminId = adminId;
		this.live = Sinks.many().unicast().onBackpressureBuffer(Queues.<BufferedEvent>get(bufferSize).get());
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
		if (this.live.tryEmitNext(event) == Sinks.EmitResult.FAIL_OVERFLOW) {
			close(Reason.SLOW);
		}
	}

	/**
	 * Returns the live events not yet sent: those after the last event sent (by replay or
	 * live), so that an event arriving during a replay is sent once.
	 */
	Flux<BufferedEvent> live() {
		return this.live.asFlux().filter((event) -> this.lastSent == null || event.id().compareTo(this.lastSent) > 0);
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
