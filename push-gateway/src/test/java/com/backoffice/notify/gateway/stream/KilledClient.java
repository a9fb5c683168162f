package com.backoffice.notify.gateway.stream;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A browser in a process of its own, to be killed with {@code kill -9}: it opens a stream
 * and reads it until it dies, never closing it.
 */
final class KilledClient {

	private KilledClient() {
	}

	/**
	 * Opens a stream and reads it.
	 * @param args the gateway's port and the admin's token
	 * @throws Exception when the stream fails
	 */
	public static void main(String[] args) throws Exception {
		Socket socket = new Socket("localhost", Integer.parseInt(args[0]));
		OutputStream request = socket.getOutputStream();
		request.write(("GET /api/notifications/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
				+ "Authorization: Bearer " + args[1] + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		request.flush();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			System.out.write(buffer, 0, read);
			System.out.flush();
		}
	}

}
