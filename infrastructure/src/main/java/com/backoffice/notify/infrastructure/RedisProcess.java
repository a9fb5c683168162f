package com.backoffice.notify.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;

import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} process, from the binary that embedded-redis ships.
 */
public final class RedisProcess implements AutoCloseable {

	private final RedisServer server;

	private final int port;

	private RedisProcess(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts Redis on loopback.
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 */
	public static RedisProcess start(int port) {
		int actualPort = (port > 0) ? port : Ports.free();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(actualPort)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.onShutdownForceStop(true)
				.build();
			server.start();
			return new RedisProcess(server, actualPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis did not start on port " + actualPort, ex);
		}
	}

	/**
	 * Returns the port Redis listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
