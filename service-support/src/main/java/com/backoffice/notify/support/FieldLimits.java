package com.backoffice.notify.support;

/**
 * The longest each text of a notification may be, in characters: the one list that the
 * router's checks, the digest, every reader of {@code notification.dispatched.v1} and the
 * store's columns take their limits from. The JSON Schemas in {@code contracts} say the
 * same to publishers; the store's {@code FieldLimitsIntegrationTests} fails when a
 * schema's {@code maxLength} or a column of the timeline differs from these.
 */
public final class FieldLimits {

	/** {@code type}, such as {@code order.placed}. */
	public static final int TYPE = 100;

	/** {@code title}. */
	public static final int TITLE = 200;

	/** {@code body}. */
	public static final int BODY = 2000;

	/** {@code link}. */
	public static final int LINK = 2048;

	/** {@code groupKey}. */
	public static final int GROUP_KEY = 200;

	/** The request's {@code ce_id}, the notification's {@code eventId}. */
	public static final int EVENT_ID = 200;

	/** The request's {@code ce_source}, the notification's {@code source}. */
	public static final int SOURCE = 255;

	/** An admin's id: {@code recipientId}, {@code adminId} and the audience's ids. */
	public static final int ADMIN_ID = 64;

	/** {@code priority}, the longest of its names. */
	public static final int PRIORITY = 8;

	/** {@code channels}, joined with commas. */
	public static final int CHANNELS = 32;

	private FieldLimits() {
	}

}
