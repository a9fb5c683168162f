package com.backoffice.notify.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.stereotype.Component;

/**
 * Each admin's replay stream and live channel: appending an event (from Kafka), replaying
 * what a reconnecting client missed, and listening live.
 */
@Component
public class AdminBuffers {

	private static final Logger logger = LoggerFactory.getLogger(AdminBuffers.class);

	private static final byte[] APPEND = script("notify/append.lua");

	private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

	private final BufferProperties properties;

	private final StringRedisTemplate redis;

	private final ReactiveStringRedisTemplate reactiveRedis;

	/**
	 * One subscription of this replica to the live channels of all its connected admins.
	 */
	private final Mono<ReactiveSubscription> subscription;

	private final Sinks.Many<LiveEvent> live = Sinks.many().multicast().directBestEffort();

	private static byte[] script(String location) {
		try (InputStream script = new ClassPathResource(location).getInputStream()) {
			return script.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	AdminBuffers(BufferProperties properties, StringRedisTemplate redis, ReactiveStringRedisTemplate reactiveRedis,
			ReactiveRedisConnectionFactory connections) {
		this.properties = properties;
		this.redis = redis;
		this.reactiveRedis = reactiveRedis;
		// made on first use, and again after a failure: a gateway may start before Redis
		this.subscription = Mono.defer(() -> connections.getReactiveConnection().pubSubCommands().createSubscription())
			.doOnNext(this::receive)
			.cache((created) -> FOREVER, (failure) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/**
	 * Starts a batch of events to append.
	 * @return the batch
	 */
	public Batch batch() {
		return new Batch();
	}

	/**
	 * Appends events to their admins' replay streams and publishes them live, each unless
	 * an event of the same key was appended within the de-duplication window: one script
	 * per event, all of them pipelined in one round trip. Blocks until Redis answers.
	 * @param events the events, in order
	 * @return how many were appended (the others were duplicates)
	 */
	int appendAll(List<Append> events) {
		if (events.isEmpty()) {
			return 0;
		}
		List<Object> ids = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (Append event : events) {
				connection.scriptingCommands()
					.eval(APPEND, ReturnType.VALUE, 2, bytes(this.properties.replayStream(event.adminId())),
							bytes(this.properties.seen(event.adminId(), event.eventKey())),
							bytes(this.properties.liveChannel(event.adminId())),
							bytes(String.valueOf(this.properties.length())),
							bytes(String.valueOf(this.properties.ttl().toMillis())),
							bytes(String.valueOf(this.properties.duplicateWindow().toMillis())),
							bytes(event.kind().name()), bytes(String.valueOf(event.createdAtMillis())),
							bytes(event.json()));
			}
			return null;
		});
		return (int) ids.stream().filter((id) -> id != null).count();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An event to append.
	 *
	 * @param adminId whose it is
	 * @param eventKey what makes it unique (a notification id, a CloudEvents id)
	 * @param kind what it is
	 * @param createdAtMillis when it was created, epoch ms (0 when unknown)
	 * @param json the event
	 */
	record Append(String adminId, String eventKey, EventKind kind, long createdAtMillis, String json) {

	}

	/**
	 * Events to append in one round trip.
	 */
	public final class Batch {

		private final List<Append> events = new ArrayList<>();

		private Batch() {
		}

		/**
		 * Adds an event.
		 * @param adminId whose it is
		 * @param eventKey what makes it unique (a notification id, a CloudEvents id)
		 * @param kind what it is
		 * @param createdAtMillis when it was created, epoch ms (0 when unknown)
		 * @param json the event
		 */
		public void add(String adminId, String eventKey, EventKind kind, long createdAtMillis, String json) {
			this.events.add(new Append(adminId, eventKey, kind, createdAtMillis, json));
		}

		public int size() {
			return this.events.size();
		}

		/**
		 * Appends the events (see {@link AdminBuffers#appendAll}), in order.
		 * @return how many were appended; the others were duplicates
		 */
		public int append() {
			return appendAll(this.events);
		}

	}

	/**
	 * Returns the events of every live channel this replica listens to, with their admin.
	 * @return the live events, for one subscriber
	 */
	Flux<LiveEvent> live() {
		return this.live.asFlux();
	}

	/**
	 * Hands what a new subscription receives to {@link #live()}, before anyone can
	 * subscribe a channel on it: no event published after a confirmed subscription is
	 * missed.
	 */
	private void receive(ReactiveSubscription subscription) {
		subscription.receive()
			.subscribe((message) -> this.live.tryEmitNext(new LiveEvent(
					this.properties.adminOfLiveChannel(StandardCharsets.UTF_8.decode(message.getChannel()).toString()),
					BufferedEvent.ofLiveMessage(StandardCharsets.UTF_8.decode(message.getMessage()).toString()))),
					(failure) -> logger.error("The live channels failed; streams get no live events", failure));
	}

	/**
	 * Starts listening to an admin's live channel.
	 * @param adminId the admin
	 * @return completes once Redis confirmed the subscription
	 */
	Mono<Void> listen(String adminId) {
		return this.subscription.flatMap((live) -> live.subscribe(channel(adminId)));
	}

	/**
	 * Stops listening to an admin's live channel.
	 * @param adminId the admin
	 * @return completes once Redis confirmed
	 */
	Mono<Void> stopListening(String adminId) {
		return this.subscription.flatMap((live) -> live.unsubscribe(channel(adminId)));
	}

	private ByteBuffer channel(String adminId) {
		return ByteBuffer.wrap(this.properties.liveChannel(adminId).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads what an admin's client missed since an event id.
	 * @param adminId the admin
	 * @param lastEventId the id of the last event the client has
	 * @return the events after it, or a reset when the id is not in the admin's buffer
	 * (too old, or not an id of this admin's stream at all)
	 */
	Mono<Replay> since(String adminId, String lastEventId) {
		StreamId last;
		try {
			last = StreamId.parse(lastEventId);
		}
		catch (IllegalArgumentException ex) {
			return reset(adminId);
		}
		String stream = this.properties.replayStream(adminId);
		return this.reactiveRedis.opsForStream()
			.range(stream, Range.rightUnbounded(Range.Bound.inclusive(last.toString())), Limit.unlimited())
			.map(AdminBuffers::event)
			.collectList()
			.flatMap((events) -> {
				if (events.isEmpty() || !events.get(0).id().equals(last)) {
					return reset(adminId);
				}
				return Mono.just(new Replay(new ArrayList<>(events.subList(1, events.size())), null));
			});
	}

	private Mono<Replay> reset(String adminId) {
		return this.reactiveRedis.opsForStream()
			.reverseRange(this.properties.replayStream(adminId), Range.unbounded(), Limit.limit().count(1))
			.map(AdminBuffers::event)
			.next()
			.map((newest) -> new Replay(List.of(), newest.id()))
			.defaultIfEmpty(new Replay(List.of(), StreamId.parse("0-0")));
	}

	private static BufferedEvent event(MapRecord<String, Object, Object> entry) {
		return new BufferedEvent(StreamId.parse(entry.getId().getValue()),
				EventKind.valueOf(String.valueOf(entry.getValue().get("k"))),
				Long.parseLong(String.valueOf(entry.getValue().get("c"))), String.valueOf(entry.getValue().get("e")));
	}

	/**
	 * A live event.
	 *
	 * @param adminId whose channel it came on
	 * @param event the event
	 */
	record LiveEvent(String adminId, BufferedEvent event) {

	}

	/**
	 * What a reconnecting client gets before live events.
	 *
	 * @param events the events it missed, oldest first
	 * @param resetTo when not {@code null}, its id was not in the buffer: it must reload
	 * its timeline, and live events after this id follow
	 */
	record Replay(List<BufferedEvent> events, StreamId resetTo) {

	}

}
