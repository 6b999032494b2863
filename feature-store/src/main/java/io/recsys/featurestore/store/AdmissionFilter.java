package io.recsys.featurestore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Monolith-style frequency filtering: an id is admitted to the model-facing tables (embeddings, ANN
 * refresh) only after {@link AdmissionConfig#threshold()} events, so one-off ids never cost a table row.
 * Until then cold-start paths serve it. An id's count is forgotten after {@link AdmissionConfig#window()}
 * without events (each event restarts the window), which bounds the filter's own memory.
 *
 * <p>Two implementations: {@code RedisAdmissionFilter} (INCR plus expiry in one round trip) and
 * {@code InMemoryAdmissionFilter}. Thread-safe. Time comes from the filter's clock.
 */
public interface AdmissionFilter {
  /** Counts one event for {@code itemId}; true when the item is admitted (count reached the threshold). */
  boolean record(String itemId);

  /** True when the item has reached the threshold (and its count has not expired); counts nothing. */
  boolean isAdmitted(String itemId);

  /** The ids among {@code itemIds} that are admitted, in their order; the Redis filter asks in one round trip. */
  default List<String> admittedAmong(Collection<String> itemIds) {
    List<String> out = new ArrayList<>();
    for (String id : itemIds) if (isAdmitted(id)) out.add(id);
    return out;
  }
}
