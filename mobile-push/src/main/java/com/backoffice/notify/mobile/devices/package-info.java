/**
 * The device registry: the admin app registers its FCM token here, and tokens FCM calls
 * dead or that went silent are forgotten.
 */
package com.backoffice.notify.mobile.devices;
