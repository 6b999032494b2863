package io.recsys.featurestore.store;

import java.util.Objects;

/**
 * A {@link RealtimeFeatureWriter#apply} call in which the backend refused part of the batch (an error
 * reply for one entity: a key of the wrong type, a malformed record). Every other user and item side
 * was either applied whole or left untouched, and {@link #applied()} is exactly what did change: the
 * caller counts it and announces its admitted items, which a plain failure would lose (applying the
 * batch again finds those events already marked and reports nothing for them). Applying the batch
 * again, or event by event to find the culprit, stays safe. Immutable.
 */
public final class PartiallyAppliedException extends RuntimeException {
  private final transient AppliedEvents applied;

  public PartiallyAppliedException(AppliedEvents applied, FeatureStoreException cause) {
    super(cause.getMessage(), cause);
    this.applied = Objects.requireNonNull(applied, "applied");
  }

  /** What the call changed before and besides the refused part. */
  public AppliedEvents applied() {
    return applied;
  }
}
