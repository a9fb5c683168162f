/**
 * RFC 9457 problem bodies, as Spring's {@code ProblemDetail}, for refusals written before
 * Spring's own problem handling answers.
 */
package com.backoffice.notify.support.problem;
