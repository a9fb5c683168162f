/**
 * The firebase-admin client mobile-push sends with: credentials, project and endpoint.
 */
package com.backoffice.notify.mobile.fcm;
