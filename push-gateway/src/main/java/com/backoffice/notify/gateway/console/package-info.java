/**
 * The admin console: a page at {@code /} with the bell, toasts and timeline, sharing one
 * stream among a browser's tabs.
 */
package com.backoffice.notify.gateway.console;
