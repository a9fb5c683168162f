package com.backoffice.notify.router.routing;

/**
 * Where a notification is shown: the admin console (SSE) or the admin app (FCM).
 */
enum Channel {

	WEB, MOBILE

}
