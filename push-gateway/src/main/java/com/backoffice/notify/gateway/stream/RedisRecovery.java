package com.backoffice.notify.gateway.stream;

import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * While this replica's Redis connection is down, what is published on its admins' live
 * channels does not reach it, though it stays in their replay streams. So when Redis
 * comes back, every stream here is told to reconnect: the clients resume with
 * {@code Last-Event-ID} and replay exactly what they missed. Until then, streams stay
 * open.
 */
@Component
class RedisRecovery implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RedisRecovery.class);

	private final Disposable events;

	RedisRecovery(ClientResources redis, Connections connections) {
		AtomicBoolean lost = new AtomicBoolean();
		this.events = redis.eventBus().get().subscribe((event) -> {
			// a reconnect attempt, unlike a deactivation, means a connection was lost,
			// not closed on purpose
			if (event instanceof ReconnectAttemptEvent) {
				lost.set(true);
			}
			else if (event instanceof ConnectionActivatedEvent && lost.compareAndSet(true, false)) {
				logger.info("Redis is back: streams reconnect to replay what was published meanwhile");
				connections.closeAll(Connection.Reason.ERROR);
			}
		});
	}

	@Override
	public void destroy() {
		this.events.dispose();
	}

}
