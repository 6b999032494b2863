package io.recsys.starter.problem;

/**
 * Told of every request the starter's {@link ProblemDetailsAdvice} rejects, with the reason (besides
 * the starter's own counter {@code recsys.http.rejected{reason}}): a service registers a bean of this
 * type to count rejections in its own meters. Called on the request thread; must be quick and must
 * not throw.
 */
@FunctionalInterface
public interface RejectionListener {
  /** 400 {@code invalid-request} ({@link InvalidRequestException}). */
  String INVALID = "invalid";
  /** 401 or 403 {@code api-key}. */
  String UNAUTHORIZED = "unauthorized";
  /** 413 {@code request-too-large}. */
  String TOO_LARGE = "too_large";

  void rejected(String reason);
}
