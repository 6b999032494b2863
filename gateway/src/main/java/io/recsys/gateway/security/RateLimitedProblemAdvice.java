package io.recsys.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link RateLimitedException} thrown inside a controller with the 429 problem and its
 * headers. Ordered before the starter's {@code ProblemDetailsAdvice} (which answers every exception it
 * does not know with 500), as the starter asks service advice to be. Stateless, thread-safe.
 */
@RestControllerAdvice
@Order(0)
public class RateLimitedProblemAdvice {
  @ExceptionHandler(RateLimitedException.class)
  public ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e, HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .headers(e.headers())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(e.problem(request.getRequestURI()));
  }
}
