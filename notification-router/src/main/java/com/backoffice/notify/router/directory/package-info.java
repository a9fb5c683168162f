/**
 * The admin directory: every active admin by id, mall, partner and role, and their
 * preferences, rebuilt in memory from the compacted {@code admin.directory.v1} and
 * {@code notification.preferences.v1} topics. Routing waits until it has caught up.
 */
package com.backoffice.notify.router.directory;
