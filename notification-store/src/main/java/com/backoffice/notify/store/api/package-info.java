/**
 * What every HTTP API of the store shares: errors as RFC 9457 problems that say what is
 * wrong.
 */
package com.backoffice.notify.store.api;
