package com.backoffice.notify.gateway.stream;

/**
 * What kind of event an admin's buffer holds, named as the SSE {@code event:} field.
 */
public enum EventKind {

	/** A {@code notification.dispatched.v1} event. */
	notification,

	/** A {@code notification.state.v1} event. */
	state

}
