/**
 * notification-store: keeps every admin's timeline in PostgreSQL, with read state, unread
 * counts and preferences.
 */
package com.backoffice.notify.store;
