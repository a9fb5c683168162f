package com.backoffice.notify.gateway.stream;

import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageReader;
import org.springframework.mock.http.client.reactive.MockClientHttpResponse;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stream writes reads back, through Spring's own SSE reader (as a browser's
 * EventSource reads it), as the events it wrote: line breaks of any kind inside data or a
 * comment neither end an event early nor start another one.
 */
class SseFramingTests {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	@Test
	void lineBreaksInsideAnEventCannotForgeAnother() {
		ServerSentEvent<String> hostile = ServerSentEvent
			.builder("{\"title\":\"a\"}\n\nevent: reset\r\ndata: forged\rid: 9-9\n  \"indented\": true")
			.id("1700000000000-0")
			.event("notification")
			.build();
		ServerSentEvent<String> hello = ServerSentEvent.<String>builder()
			.retry(Duration.ofSeconds(3))
			.comment("connected\nevent: reset")
			.build();

		List<ServerSentEvent<String>> read = readBack(hello, hostile);

		assertThat(read).hasSize(2);
		assertThat(read.get(0).retry()).isEqualTo(Duration.ofSeconds(3));
		assertThat(read.get(0).event()).isNull();
		assertThat(read.get(0).comment()).isEqualTo("connected\nevent: reset");
		assertThat(read.get(1).event()).isEqualTo("notification");
		assertThat(read.get(1).id()).isEqualTo("1700000000000-0");
		assertThat(read.get(1).data())
			.isEqualTo("{\"title\":\"a\"}\n\nevent: reset\ndata: forged\nid: 9-9\n  \"indented\": true");
	}

	private static List<ServerSentEvent<String>> readBack(ServerSentEvent<String>... events) {
		MockClientHttpResponse response = new MockClientHttpResponse(HttpStatus.OK);
		response.setBody(Flux.fromArray(events).map((event) -> {
			ByteBuf frame = NotificationStream.frame(UnpooledByteBufAllocator.DEFAULT, event);
			byte[] bytes = new byte[frame.readableBytes()];
			frame.readBytes(bytes);
			frame.release();
			return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
		}));
		return new ServerSentEventHttpMessageReader().read(ResolvableType.forType(EVENT), response, java.util.Map.of())
			.map((event) -> {
				@SuppressWarnings("unchecked")
				ServerSentEvent<String> typed = (ServerSentEvent<String>) event;
				return typed;
			})
			.collectList()
			.block(Duration.ofSeconds(5));
	}

}
