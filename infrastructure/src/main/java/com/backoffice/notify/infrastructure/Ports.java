package com.backoffice.notify.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback port helpers.
 */
public final class Ports {

	/**
	 * Ports handed out lie below Linux's ephemeral range (32768-60999), so that the local
	 * end of an outgoing connection (a Kafka client's, a load client's) cannot take one
	 * between the moment it is chosen and the moment a server binds it.
	 */
	private static final int FIRST = 20_000;

	private static final int LAST = 32_000;

	private Ports() {
	}

	/**
	 * Returns a port that was free a moment ago, below the ephemeral range.
	 * @return the port
	 */
	public static int free() {
		int start = ThreadLocalRandom.current().nextInt(FIRST, LAST);
		for (int i = 0; i < LAST - FIRST; i++) {
			int port = FIRST + (start - FIRST + i) % (LAST - FIRST);
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(port));
				return port;
			}
			catch (IOException ex) {
				// taken: try the next
			}
		}
		throw new UncheckedIOException(new IOException("No free port in " + FIRST + "-" + LAST));
	}

}
