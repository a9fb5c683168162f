package com.backoffice.notify.support.servlet;

import java.io.IOException;

import com.backoffice.notify.support.problem.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Answers a missing, invalid or insufficient token with the standard
 * {@code WWW-Authenticate} header and an RFC 9457 problem saying why (the security
 * filters answer before Spring MVC's problem details could).
 */
public class BearerProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

	private final Problems problems;

	BearerProblems(Problems problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.bearer.commence(request, response, ex);
		String detail = (request.getHeader("Authorization") == null)
				? "This API needs a bearer token: Authorization: Bearer <JWT>" : ex.getMessage();
		write(request, response, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		this.denied.handle(request, response, ex);
		write(request, response, HttpStatus.FORBIDDEN, ex.getMessage());
	}

	/**
	 * Answers a request that Spring Security's firewall rejected, such as one whose path
	 * holds {@code //}, {@code ;}, an encoded {@code .} or a backslash.
	 * @param request the request
	 * @param response its response
	 * @param ex why it was rejected
	 * @throws IOException when the answer cannot be written
	 */
	void malformed(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST,
				"The request path or a header is malformed: " + ex.getMessage());
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(Problems.MEDIA_TYPE);
		response.getOutputStream().write(this.problems.json(status, detail, request.getRequestURI()));
	}

}
