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
 * and interest mixture), so a click ingested a moment ago already shapes the next candidates. The
 * models see the newest {@code historyLimit} entries; the seen filter covers the newest
 * {@code seenLimit} (by default the whole history the store keeps: a user with a long history was
 * otherwise offered items engaged with beyond the models' window — on ml-100k, 443 of 9430 served
 * slots). Impressions are not engagements: they neither trigger PI2I nor count as seen. When the store fails,
 * the user is served on the cold-start path and the result says the feature store degraded.
 * Thread-safe.
 */
public final class UserStateReader {
  private final FeatureStore store;
  private final int historyLimit;
  private final int seenLimit;
  private final Clock clock;

  /** A read and whether it degraded. */
  public record Read(UserState user, boolean degraded) {}

  public UserStateReader(FeatureStore store, int historyLimit, int seenLimit, Clock clock) {
    if (historyLimit < 1 || seenLimit < historyLimit) {
      throw new IllegalArgumentException("need 1 <= historyLimit <= seenLimit: " + historyLimit + ", " + seenLimit);
    }
    this.store = store;
    this.historyLimit = historyLimit;
    this.seenLimit = seenLimit;
    this.clock = clock;
  }

  public Read read(String userId, ItemCatalog catalog) {
    long now = clock.millis();
    UserFeatures f;
    try {
      f = store.user(userId, seenLimit);
    } catch (FeatureStoreException e) {
      return new Read(UserState.cold(userId, now), true);
    }
    List<HistoryEntry> history = f.history();
    int[] rows = new int[history.size()];
    long[] times = new long[history.size()];
    int[] seen = new int[history.size()];
    int n = 0;
    int s = 0;
    for (int i = 0; i < history.size(); i++) {
      HistoryEntry e = history.get(i);
      if (e.type() == InteractionType.IMPRESSION) continue;
      int row = catalog.row(e.itemId());
      if (row >= 0) seen[s++] = row;
      if (i >= historyLimit) continue;
      rows[n] = row;
      times[n] = e.timestampMillis();
      n++;
    }
    return new Read(UserState.of(userId, rows, times, n, f.interestMixture(), now).withSeenRows(seen, s), false);
  }
}
