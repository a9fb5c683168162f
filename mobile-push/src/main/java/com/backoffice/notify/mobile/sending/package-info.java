/**
 * Sending: picks the dispatched notifications that are meant for the admin app.
 */
package com.backoffice.notify.mobile.sending;
