package com.backoffice.notify.support.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@link #MAX_BYTES} with a 413 problem: at once when
 * its {@code Content-Length} says so, else (a chunked body) as soon as reading it goes
 * past the limit, which {@link ApiProblems} then answers.
 */
class RequestBodyLimit extends OncePerRequestFilter {

	/** The largest request body the APIs read. */
	static final int MAX_BYTES = 64 * 1024;

	/** The problem's detail. */
	static final String DETAIL = "The request body is larger than " + MAX_BYTES + " bytes";

	private final BearerProblems problems;

	RequestBodyLimit(BearerProblems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, DETAIL);
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	/**
	 * Tells whether a failure comes of a body that went past the limit.
	 * @param failure the failure, as reading the body ended in it
	 * @return {@code true} when a {@link TooLargeException} is in its cause chain
	 */
	static boolean exceededBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TooLargeException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Thrown by a body as it is read past the limit.
	 */
	static class TooLargeException extends IOException {

		TooLargeException() {
			super(DETAIL);
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream body;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(super.getInputStream());
			}
			return this.body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			String charset = (encoding != null) ? encoding : StandardCharsets.ISO_8859_1.name();
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream body;

		private long bytesRead;

		LimitedInputStream(ServletInputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			int next = this.body.read();
			if (next != -1) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int bytes = this.body.read(buffer, offset, length);
			if (bytes > 0) {
				count(bytes);
			}
			return bytes;
		}

		private void count(int bytes) throws TooLargeException {
			this.bytesRead += bytes;
			if (this.bytesRead > MAX_BYTES) {
				throw new TooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.body.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.body.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.body.close();
		}

	}

}
