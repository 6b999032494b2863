package io.recsys.ranking.features;

import io.recsys.core.dataset.InteractionType;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.HistoryEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's history as known before the scoring moment, newest first: item rows of the
 * {@link RankerTables} (-1 for items they do not know; the assembler skips them) and timestamps.
 * The history is the user's distinct engaged items in discovery order, the same view as
 * {@link UserSequences}, so an offline view and a serving view of the same moment are equal.
 *
 * <p>The arrays are owned by the record after construction (callers must not change them).
 *
 * @param items item rows, newest first; only the first {@code length} are used
 * @param timestamps epoch millis, same order
 * @param length number of history entries
 */
public record UserView(int[] items, long[] timestamps, int length) {
  public static final UserView EMPTY = new UserView(new int[0], new long[0], 0);

  public UserView {
    if (length < 0 || length > items.length || length > timestamps.length) {
      throw new IllegalArgumentException("length " + length + " outside the arrays (" + items.length + ", " + timestamps.length + ")");
    }
  }

  /**
   * The offline view: the user's sequence before {@code position} (positions {@code [0, position)},
   * as the candidate stage saw it), newest first. Item rows are the dataset's item indexes, which
   * are the {@link RankerTables}' rows.
   */
  public static UserView ofSequence(UserSequences sequences, int user, int position) {
    if (position < 0 || position > sequences.length(user)) {
      throw new IllegalArgumentException("position " + position + " outside user " + user + "'s sequence of " + sequences.length(user));
    }
    int[] items = new int[position];
    long[] ts = new long[position];
    for (int k = 0; k < position; k++) {
      items[k] = sequences.item(user, position - 1 - k);
      ts[k] = sequences.timestamp(user, position - 1 - k);
    }
    return new UserView(items, ts, position);
  }

  /**
   * The serving view from the feature store's history (newest first): impressions and entries later
   * than {@code now} are dropped, and a repeated item keeps only its oldest occurrence (discovery
   * order, as {@link UserSequences} does). The store keeps a bounded recent history, so for a long
   * history this is its newest part only.
   */
  public static UserView ofHistory(List<HistoryEntry> newestFirst, RankerTables tables, long now) {
    int n = newestFirst.size();
    int[] items = new int[n];
    long[] ts = new long[n];
    Set<String> seen = new HashSet<>();
    int kept = 0;
    // Oldest first so that the first occurrence of an item is the one kept.
    for (int k = n - 1; k >= 0; k--) {
      HistoryEntry e = newestFirst.get(k);
      if (e.type() == InteractionType.IMPRESSION || e.timestampMillis() > now) continue;
      if (!seen.add(e.itemId())) continue;
      items[kept] = tables.row(e.itemId());
      ts[kept] = e.timestampMillis();
      kept++;
    }
    int[] outItems = new int[kept];
    long[] outTs = new long[kept];
    for (int k = 0; k < kept; k++) {
      outItems[k] = items[kept - 1 - k];
      outTs[k] = ts[kept - 1 - k];
    }
    return new UserView(outItems, outTs, kept);
  }
}
