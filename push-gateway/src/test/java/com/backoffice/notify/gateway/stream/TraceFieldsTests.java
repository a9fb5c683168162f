package com.backoffice.notify.gateway.stream;

import io.micrometer.tracing.test.simple.SimpleSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceFieldsTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	@Test
	void putsTheTraceFirstWhereTheWriteToABrowserFindsItAgain() {
		String json = TraceFields.added("{\"notificationId\":\"n-1\",\"title\":\"Order\"}", span());

		assertThat(json).startsWith("{\"traceId\":\"" + TRACE + "\",\"traceparent\":\"00-" + TRACE + "-" + SPAN
				+ "-01\",\"notificationId\":\"n-1\"");
		assertThat(TraceFields.traceparent(json)).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
	}

	@Test
	void keepsAnEventThatWasNotTracedAsItWas() {
		String json = "{\"notificationId\":\"n-1\",\"body\":\"\\\"traceparent\\\":\\\"00-forged\\\"\"}";

		assertThat(TraceFields.added(json, null)).isEqualTo(json);
		assertThat(TraceFields.traceparent(
				"{\"notificationId\":\"n-1\",\"title\":\"" + "x".repeat(200) + "\",\"traceparent\":\"00-late\"}"))
			.as("only the fields added at the front count")
			.isNull();
	}

	@Test
	void addsToAnEmptyObjectWithoutATrailingComma() {
		assertThat(TraceFields.added("{ }", span())).endsWith("-01\" }");
	}

	private static SimpleSpan span() {
		SimpleSpan span = new SimpleSpan();
		span.context().setTraceId(TRACE);
		span.context().setSpanId(SPAN);
		span.context().setSampled(true);
		return span;
	}

}
