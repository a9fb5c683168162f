/**
 * Preferences: what each admin mutes and on which channels they want each type, kept here
 * and published to the compacted {@code notification.preferences.v1} for the router.
 */
package com.backoffice.notify.store.preferences;
