package io.recsys.featurestore.ingest.api;

/** The event stream is at its cap (consumers are behind): 503 with Retry-After, nothing appended. */
public final class BacklogFullException extends RuntimeException {
  public BacklogFullException(String detail) {
    super(detail, null, false, false);
  }
}
