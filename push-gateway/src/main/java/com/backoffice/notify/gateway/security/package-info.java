/**
 * Who is asking: the stream takes the admin's JWT ({@code sub} = admin id) from the
 * {@code Authorization} header, the {@code access_token} query parameter (EventSource
 * cannot send headers) or an HttpOnly cookie; every refusal is an RFC 9457 problem.
 */
package com.backoffice.notify.gateway.security;
