package com.backoffice.notify.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The services' HTTP APIs, called as the console calls them.
 */
final class Api {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Api() {
	}

	static HttpResponse<String> get(String url, String token) {
		return send(request(url, token).GET().build());
	}

	static HttpRequest.Builder request(String url, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	/**
	 * Sends a request exactly as given, over a socket of its own: the hostile corpus has
	 * request targets (such as {@code %zz}) that {@link URI} refuses to build.
	 * @param port the service's port on localhost
	 * @param method the method
	 * @param target the request target, sent as it is
	 * @param token a bearer token, or {@code null}
	 * @param contentType the body's type, or {@code null} for no body
	 * @param body the body
	 * @return the answer
	 */
	static Raw raw(int port, String method, String target, String token, String contentType, byte[] body) {
		StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
		if (token != null) {
			head.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		if (contentType != null) {
			head.append("Content-Type: ").append(contentType).append("\r\n");
		}
		head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.UTF_8));
			try {
				out.write(body);
			}
			catch (IOException ex) {
				// a server may answer and close before it reads a body it refuses
			}
			return Raw.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target + " failed", ex);
		}
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer read off the wire.
	 *
	 * @param status its status code
	 * @param headers its headers, names in lower case
	 * @param body its body, de-chunked
	 */
	record Raw(int status, Map<String, String> headers, String body) {

		static Raw parse(byte[] bytes) {
			// ISO-8859-1 keeps one char per byte, so chunk sizes count chars here
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
		}

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

	}

}
