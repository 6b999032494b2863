package io.recsys.featurestore.ingest.stream;

import java.util.List;

/**
 * A batch reused event ids for other events: one id is one event, so the batch was refused whole
 * (nothing appended). {@link #indices()} are the offending events' positions in the batch. Immutable.
 */
public final class EventIdConflictException extends RuntimeException {
  private final transient List<Integer> indices;

  public EventIdConflictException(List<Integer> indices) {
    super(indices.size() + " event id(s) already used for other events", null, false, false);
    this.indices = List.copyOf(indices);
  }

  public List<Integer> indices() {
    return indices;
  }
}
