package com.backoffice.notify.support;

/**
 * An event that can never be processed, whatever the retries: malformed JSON, a payload
 * of the wrong shape, a missing header. The binder dead-letters it at once, with this
 * exception's message as the {@code x-exception-message} header.
 */
public class RejectedEventException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param reason what is wrong with the event, for the operator who reads the dead
	 * letter
	 */
	public RejectedEventException(String reason) {
		super(reason);
	}

	/**
	 * Creates an exception.
	 * @param reason what is wrong with the event, for the operator who reads the dead
	 * letter
	 * @param cause the parser's or validator's own error
	 */
	public RejectedEventException(String reason, Throwable cause) {
		super(reason, cause);
	}

	/**
	 * Tells whether a failure was caused by a rejected event.
	 * @param failure the failure, as the binder saw it
	 * @return {@code true} when a {@code RejectedEventException} is in its cause chain
	 */
	public static boolean isCauseOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RejectedEventException) {
				return true;
			}
		}
		return false;
	}

}
