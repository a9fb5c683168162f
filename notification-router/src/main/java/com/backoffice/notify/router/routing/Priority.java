package com.backoffice.notify.router.routing;

/**
 * How urgent a notification is.
 */
enum Priority {

	LOW, NORMAL, HIGH, URGENT

}
