package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import reactor.core.Disposable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * A browser's EventSource, as far as the tests need one: connects to a gateway's stream
 * and keeps every event it receives.
 */
final class SseClient implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();

	volatile boolean ended;

	private final Disposable subscription;

	private SseClient(WebClient.RequestHeadersSpec<?> request) {
		this.subscription = request.retrieve()
			.bodyToFlux(EVENT)
			.doFinally((signal) -> this.ended = true)
			.subscribe(this.received::add, (failure) -> {
			});
	}

	/**
	 * Connects with a bearer token, and waits until the stream is open.
	 * @param port the gateway's port
	 * @param token the admin's token
	 * @param lastEventId the id to resume after, or {@code null}
	 * @return the client
	 */
	static SseClient connect(int port, String token, String lastEventId) {
		return connect(port, (headers) -> {
			headers.setBearerAuth(token);
			if (lastEventId != null) {
				headers.set("Last-Event-ID", lastEventId);
			}
		});
	}

	static SseClient connect(int port, Consumer<org.springframework.http.HttpHeaders> headers) {
		return connect(
				WebClient.create("http://localhost:" + port).get().uri("/api/notifications/stream").headers(headers));
	}

	static SseClient connect(WebClient.RequestHeadersSpec<?> request) {
		SseClient client = new SseClient(request);
		await().atMost(Duration.ofSeconds(30)).until(() -> !client.received.isEmpty() || client.ended);
		return client;
	}

	/**
	 * Returns the events of a kind, in the order received.
	 * @param kind {@code notification}, {@code state} or {@code reset}
	 * @return the events
	 */
	List<ServerSentEvent<String>> events(String kind) {
		return this.received.stream().filter((event) -> kind.equals(event.event())).toList();
	}

	String lastEventId() {
		return this.received.stream()
			.filter((event) -> event.id() != null)
			.reduce((first, second) -> second)
			.map(ServerSentEvent::id)
			.orElse(null);
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

}
