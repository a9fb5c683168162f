/**
 * Who is asking: every {@code /api} request carries a JWT whose {@code sub} is the
 * admin's id, and every refusal is an RFC 9457 problem.
 */
package com.backoffice.notify.store.security;
