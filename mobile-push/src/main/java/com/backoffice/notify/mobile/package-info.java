/**
 * mobile-push: sends FCM pushes to the admin app and keeps the device tokens clean.
 */
package com.backoffice.notify.mobile;
