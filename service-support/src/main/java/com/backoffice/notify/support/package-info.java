/**
 * What every service does the same way with events: reads CloudEvents binary-mode
 * headers, turns a payload into a record or rejects it with a precise reason, and never
 * retries a rejected event (it goes straight to the binding's dead-letter topic).
 */
package com.backoffice.notify.support;
