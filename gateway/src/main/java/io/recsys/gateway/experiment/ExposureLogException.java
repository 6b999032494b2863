package io.recsys.gateway.experiment;

/**
 * The exposure log's store failed (Redis down, timed out, rejected a command). Callers treat exposure
 * logging as fail-open: they count the failure and serve the response anyway. Immutable.
 */
public final class ExposureLogException extends RuntimeException {
  public ExposureLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
