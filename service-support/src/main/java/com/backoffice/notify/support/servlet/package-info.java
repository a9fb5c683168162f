/**
 * The servlet services' HTTP APIs: who is asking (a JWT whose {@code sub} is the admin's
 * id) and errors as RFC 9457 problems that say what is wrong.
 */
package com.backoffice.notify.support.servlet;
