package io.recsys.starter.http;

/** A request body that did not arrive in time: 408 problem. */
public final class RequestTimeoutException extends RuntimeException {
  public RequestTimeoutException(String detail) {
    super(detail, null, false, false);
  }
}
