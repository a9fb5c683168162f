package com.backoffice.notify.support.servlet;

import java.util.Arrays;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's problem details, with a body that cannot be read explained: which field,
 * which value, what was expected, rather than "Failed to read request"; or, when it grew
 * past {@link RequestBodyLimit}, 413. Ahead of any other advice, so it answers what it
 * handles.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		boolean tooLarge = RequestBodyLimit.exceededBy(ex);
		HttpStatus answer = tooLarge ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
		String detail = tooLarge ? RequestBodyLimit.DETAIL : explain(ex);
		return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(answer, detail), headers, answer, request);
	}

	private static String explain(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
			String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
				.map(Object::toString)
				.collect(Collectors.joining(", "));
			return "'" + invalid.getValue() + "' at " + path(invalid) + " is not one of " + allowed;
		}
		if (cause instanceof MismatchedInputException mismatched) {
			return "The body does not fit at " + path(mismatched) + ": " + mismatched.getOriginalMessage();
		}
		if (cause instanceof JacksonException jackson) {
			return "The body is not valid JSON: " + jackson.getOriginalMessage();
		}
		return "The request needs a JSON body";
	}

	private static String path(MismatchedInputException ex) {
		String path = ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? "." + reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining());
		return path.isEmpty() ? "the top" : "'" + path.substring(path.startsWith(".") ? 1 : 0) + "'";
	}

}
