/**
 * The operators' dead-letter tool: what a {@code .dlq} topic holds and why, and the
 * replay of what is pending to the topic it came from, once the cause is fixed.
 */
package com.backoffice.notify.deadletters;
