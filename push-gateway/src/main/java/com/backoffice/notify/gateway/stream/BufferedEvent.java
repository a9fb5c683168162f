package com.backoffice.notify.gateway.stream;

/**
 * An event in an admin's buffer.
 *
 * @param id its stream entry id, the SSE {@code id:}
 * @param kind what it is, the SSE {@code event:}
 * @param createdAtMillis when the notification was created (epoch ms), 0 when unknown
 * @param json the event as it came from Kafka, the SSE {@code data:}
 */
record BufferedEvent(StreamId id, EventKind kind, long createdAtMillis, String json) {

	/**
	 * Reads a message of a live channel, as {@code append.lua} publishes it.
	 * @param message {@code id \n kind \n createdAt \n json}
	 * @return the event
	 */
	static BufferedEvent ofLiveMessage(String message) {
		int first = message.indexOf('\n');
		int second = message.indexOf('\n', first + 1);
		int third = message.indexOf('\n', second + 1);
		return new BufferedEvent(StreamId.parse(message.substring(0, first)),
				EventKind.valueOf(message.substring(first + 1, second)),
				Long.parseLong(message.substring(second + 1, third)), message.substring(third + 1));
	}

}
