/**
 * Sending: pushes the dispatched notifications meant for the app to every device of their
 * recipient through FCM, once per device, and settles each push by FCM's answer.
 */
package com.backoffice.notify.mobile.sending;
