package io.recsys.featurestore.ingest.api;

import java.util.List;

/** A request failed validation (for a batch: nothing of it was appended). Answered 400 with every error listed. */
public final class InvalidRequestException extends RuntimeException {
  private final transient List<EventError> errors;
  private final int eventCount;

  public InvalidRequestException(String detail, List<EventError> errors, int eventCount) {
    super(detail, null, false, false); // a client error: no stack trace to fill or show
    this.errors = List.copyOf(errors);
    this.eventCount = eventCount;
  }

  public List<EventError> errors() {
    return errors;
  }

  public int eventCount() {
    return eventCount;
  }
}
