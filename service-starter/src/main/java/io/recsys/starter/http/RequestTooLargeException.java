package io.recsys.starter.http;

/** A request body over {@code recsys.http.max-body-size}: 413 {@code urn:recsys:problem:request-too-large}. */
public final class RequestTooLargeException extends RuntimeException {
  private final long limit;

  public RequestTooLargeException(String size, long limit) {
    super("the body is too large: " + size + "; at most " + limit + " bytes are accepted", null, false, false);
    this.limit = limit;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
