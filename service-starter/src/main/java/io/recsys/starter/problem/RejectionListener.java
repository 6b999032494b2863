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
  /** 408 {@code request-timeout}: the body did not arrive within {@code recsys.http.body-timeout}. */
  String TIMEOUT = "timeout";
  /** The body could not be read: the client went away, stalled past the read timeout, or broke its framing. */
  String ABORTED = "aborted";

  void rejected(String reason);
}
