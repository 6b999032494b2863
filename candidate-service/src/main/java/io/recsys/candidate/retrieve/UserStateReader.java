package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.ItemCatalog;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.UserFeatures;
import java.time.Clock;
import java.util.List;

/**
 * Reads the user's real-time state from the feature store on every request (one round trip: history
 * and interest mixture), so a click ingested a moment ago already shapes the next candidates.
 * Impressions are not engagements: they neither trigger PI2I nor count as seen. When the store fails,
 * the user is served on the cold-start path and the result says the feature store degraded.
 * Thread-safe.
 */
public final class UserStateReader {
  private final FeatureStore store;
  private final int historyLimit;
  private final Clock clock;

  /** A read and whether it degraded. */
  public record Read(UserState user, boolean degraded) {}

  public UserStateReader(FeatureStore store, int historyLimit, Clock clock) {
    this.store = store;
    this.historyLimit = historyLimit;
    this.clock = clock;
  }

  public Read read(String userId, ItemCatalog catalog) {
    long now = clock.millis();
    UserFeatures f;
    try {
      f = store.user(userId, historyLimit);
    } catch (FeatureStoreException e) {
      return new Read(UserState.cold(userId, now), true);
    }
    List<HistoryEntry> history = f.history();
    int[] rows = new int[history.size()];
    long[] times = new long[history.size()];
    int n = 0;
    for (HistoryEntry e : history) {
      if (e.type() == InteractionType.IMPRESSION) continue;
      rows[n] = catalog.row(e.itemId());
      times[n] = e.timestampMillis();
      n++;
    }
    return new Read(UserState.of(userId, rows, times, n, f.interestMixture(), now), false);
  }
}
