package io.recsys.gateway.api;

import io.recsys.gateway.cascade.CascadeUnavailableException;
import io.recsys.starter.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The gateway's own problems: 503 with {@code Retry-After} when no rung of the degradation ladder can
 * answer. Everything else (invalid requests, keys, Spring MVC's errors) is the starter's
 * {@code ProblemDetailsAdvice}, which comes after this one.
 */
@RestControllerAdvice
@Order(0)
public class GatewayProblemAdvice {
  private static final Logger log = LoggerFactory.getLogger(GatewayProblemAdvice.class);

  @ExceptionHandler(CascadeUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(CascadeUnavailableException e) {
    log.warn("no answer: {}", e.getMessage());
    ProblemDetail p = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "recommendations-unavailable", "Recommendations unavailable",
        "no stage of the cascade could answer (" + e.stage().wireName() + " failed); retry shortly");
    p.setProperty("stage", e.stage().wireName());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(p);
  }
}
