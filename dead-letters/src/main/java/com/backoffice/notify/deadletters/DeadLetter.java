package com.backoffice.notify.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of a dead-letter topic, with what the service that refused it said.
 *
 * @param partition its partition in the dead-letter topic
 * @param offset its offset there
 * @param at when it was dead-lettered
 * @param key its key, as text
 * @param originalTopic the topic it was read from ({@code x-original-topic})
 * @param originalPartition the partition it was read from, or {@code null}
 * @param originalOffset the offset it was read at, or {@code null}
 * @param reason why it was refused ({@code x-exception-message})
 * @param payload the record's value, as the producer wrote it
 * @param replayed whether it has been replayed or skipped already
 */
public record DeadLetter(int partition, long offset, Instant at, String key, String originalTopic,
		String originalPartition, String originalOffset, String reason, byte[] payload, boolean replayed) {

	/**
	 * Returns the payload as text, cut at a length for display.
	 * @param limit the most characters to show
	 * @return the text
	 */
	public String payloadText(int limit) {
		String text = (this.payload != null) ? new String(this.payload, StandardCharsets.UTF_8) : "(null)";
		return (text.length() > limit) ? text.substring(0, limit) + "… (" + this.payload.length + " bytes)" : text;
	}

}
