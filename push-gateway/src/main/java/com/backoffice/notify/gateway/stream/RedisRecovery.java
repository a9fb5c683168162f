package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * While this replica's Redis connections are down, what is published on its admins' live
 * channels does not reach it, though it stays in their replay streams. So when Redis
 * comes back, every stream here is told to reconnect: the clients resume with
 * {@code Last-Event-ID} and replay exactly what they missed. Until then, streams stay
 * open.
 * <p>
 * The replica holds several connections (commands, reactive commands, the live channels),
 * and each comes back on its own next attempt. Streams are told to reconnect once, when
 * the last of them has been back for a moment: told at the first, a client could
 * reconnect, wait for a replay queued on a connection still down, and be told again
 * before it got anything.
 */
@Component
class RedisRecovery implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RedisRecovery.class);

	private final Disposable events;

	RedisRecovery(ClientResources redis, Connections connections, BufferProperties properties) {
		AtomicBoolean lost = new AtomicBoolean();
		// every connection tries again within the reconnect delay of Redis's return
		Duration settled = properties.reconnectDelay().multipliedBy(2);
		this.events = redis.eventBus()
			.get()
			// a reconnect attempt, unlike a deactivation, means a connection was lost,
			// not closed on purpose
			.doOnNext((event) -> {
				if (event instanceof ReconnectAttemptEvent) {
					lost.set(true);
				}
			})
			.filter((event) -> event instanceof ConnectionActivatedEvent && lost.get())
			.switchMap((back) -> Mono.delay(settled))
			.subscribe((quiet) -> {
				if (lost.compareAndSet(true, false)) {
					logger.info("Redis is back: streams reconnect to replay what was published meanwhile");
					connections.closeAll(Connection.Reason.ERROR);
				}
			});
	}

	/**
	 * Tries to reach Redis again at most a reconnect delay apart, from 10 ms on.
	 * @param properties the buffer settings
	 * @return the customizer
	 */
	@Bean
	static ClientResourcesBuilderCustomizer reconnectDelay(BufferProperties properties) {
		return (resources) -> resources.reconnectDelay(
				Delay.exponential(Duration.ofMillis(10), properties.reconnectDelay(), 2, TimeUnit.MILLISECONDS));
	}

	@Override
	public void destroy() {
		this.events.dispose();
	}

}
