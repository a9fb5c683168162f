package com.backoffice.notify.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A trace collector speaking Zipkin's v2 API ({@code POST /api/v2/spans}, a JSON array of
 * spans), as Zipkin, Grafana Tempo and the OpenTelemetry collector's Zipkin receiver do:
 * the services export to it exactly as they would in production.
 */
final class SpanCollector implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	/**
	 * The traces a test follows: only their spans are kept, however many the soak makes.
	 */
	private final Set<String> followed = ConcurrentHashMap.newKeySet();

	SpanCollector(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		this.server.createContext("/api/v2/spans", this::collect);
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v2/spans";
	}

	/**
	 * Keeps the spans of a trace from now on.
	 * @param traceId the trace id, 32 hex digits
	 */
	void follow(String traceId) {
		this.followed.add(traceId);
	}

	/**
	 * Returns the spans of a followed trace collected so far.
	 * @param traceId the trace id, 32 hex digits
	 * @return its spans
	 */
	List<Span> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private void collect(HttpExchange exchange) throws IOException {
		try (exchange) {
			InputStream body = exchange.getRequestBody();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			for (JsonNode span : JSON.readTree(body.readAllBytes())) {
				if (!this.followed.contains(span.path("traceId").asString())) {
					continue;
				}
				this.spans.add(new Span(span.path("traceId").asString(), span.path("id").asString(),
						span.path("parentId").asString(null), span.path("name").asString(),
						span.path("localEndpoint").path("serviceName").asString(), span.path("kind").asString(null)));
			}
			exchange.sendResponseHeaders(202, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One span as the collector received it.
	 *
	 * @param traceId its trace
	 * @param id its id
	 * @param parentId its parent's id, or {@code null} for the root
	 * @param name what it did
	 * @param service the service that reported it
	 * @param kind CONSUMER, PRODUCER, ... or {@code null} for a local span
	 */
	record Span(String traceId, String id, String parentId, String name, String service, String kind) {

	}

}
