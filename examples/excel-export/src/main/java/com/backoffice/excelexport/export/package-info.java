/**
 * Excel exports, and the notification an admin gets when theirs is ready: published to
 * {@code notification.requested.v1} once the export's transaction has committed.
 */
package com.backoffice.excelexport.export;
