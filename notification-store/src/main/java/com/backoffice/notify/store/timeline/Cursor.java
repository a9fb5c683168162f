package com.backoffice.notify.store.timeline;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A position in a timeline, opaque to clients: the storing order of a notification.
 *
 * @param seq the row's sequence number
 */
record Cursor(long seq) {

	private static final String PREFIX = "v1:";

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((PREFIX + this.seq).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Reads a cursor a client sent back.
	 * @param text the cursor
	 * @param parameter where it came from, for the error message
	 * @return the cursor
	 * @throws ResponseStatusException 400 when it is not one this API handed out
	 */
	static Cursor parse(String text, String parameter) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
			if (decoded.startsWith(PREFIX)) {
				long seq = Long.parseLong(decoded.substring(PREFIX.length()));
				if (seq > 0) {
					return new Cursor(seq);
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64, or not a number: the same answer as any other bad cursor
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + parameter
				+ "' is not a cursor from this API; use the 'next' or 'cursor' value of a timeline page");
	}

}
