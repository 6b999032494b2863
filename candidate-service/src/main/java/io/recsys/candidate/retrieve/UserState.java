package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.ItemCatalog;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.Arrays;

/**
 * The user as retrieval sees them at request time: engaged item rows newest first (items the model
 * does not know are dropped, repeats keep their newest occurrence), the times of those engagements, the
 * interest mixture from the feature store (null when none was stored), "now", and the seen rows no
 * source may return (the engaged rows, and by {@link #withSeenRows} older ones past the models'
 * window). Built by the service from the feature store, or by the trainer from a history prefix
 * (point-in-time). Immutable.
 */
public final class UserState {
  private final String userId;
  private final int[] rows;
  private final long[] times;
  private final float[] mixture;
  private final long nowMillis;
  private final int[] seenRows;

  private UserState(String userId, int[] rows, long[] times, float[] mixture, long nowMillis, int[] seenRows) {
    this.userId = userId;
    this.rows = rows;
    this.times = times;
    this.mixture = mixture;
    this.nowMillis = nowMillis;
    this.seenRows = seenRows;
  }

  /** A user with no history and no stored mixture: the cold-start path. */
  public static UserState cold(String userId, long nowMillis) {
    return new UserState(userId, new int[0], new long[0], null, nowMillis, new int[0]);
  }

  /**
   * From rows newest first (may repeat; rows &lt; 0 — unknown items — are dropped).
   *
   * @param mixture the stored mixture, or null
   */
  public static UserState of(String userId, int[] rowsNewestFirst, long[] timesNewestFirst, int count, float[] mixture,
      long nowMillis) {
    int[] rows = new int[count];
    long[] times = new long[count];
    IntOpenHashSet seen = new IntOpenHashSet(count);
    int n = 0;
    for (int i = 0; i < count; i++) {
      int r = rowsNewestFirst[i];
      if (r < 0 || !seen.add(r)) continue;
      rows[n] = r;
      times[n] = timesNewestFirst[i];
      n++;
    }
    int[] kept = Arrays.copyOf(rows, n);
    return new UserState(userId, kept, Arrays.copyOf(times, n),
        mixture == null || mixture.length == 0 ? null : mixture.clone(), nowMillis, kept);
  }

  /**
   * This user with {@code seen[0, count)} (rows &lt; 0 dropped) also excluded from what retrieval may
   * return, besides the engaged rows the models see: items engaged with before the models' window.
   */
  public UserState withSeenRows(int[] seen, int count) {
    IntOpenHashSet all = new IntOpenHashSet(rows.length + count);
    for (int r : rows) all.add(r);
    for (int i = 0; i < count; i++) if (seen[i] >= 0) all.add(seen[i]);
    return new UserState(userId, rows, times, mixture, nowMillis, all.toIntArray());
  }

  /**
   * The user as they stood before position {@code prefix} of their training sequence (positions
   * {@code [0, prefix)}, newest first): the point-in-time view offline evaluation and training
   * candidates retrieve from.
   */
  public static UserState ofSequence(String userId, io.recsys.evaluation.split.UserSequences sequences, int user,
      int prefix, float[] mixture, long nowMillis) {
    int[] rows = new int[prefix];
    long[] times = new long[prefix];
    for (int i = 0; i < prefix; i++) {
      rows[i] = sequences.item(user, prefix - 1 - i);
      times[i] = sequences.timestamp(user, prefix - 1 - i);
    }
    return of(userId, rows, times, prefix, mixture, nowMillis);
  }

  /** From item ids newest first, mapped through the catalogue. */
  public static UserState ofIds(String userId, String[] itemIdsNewestFirst, long[] timesNewestFirst, float[] mixture,
      long nowMillis, ItemCatalog catalog) {
    int[] rows = new int[itemIdsNewestFirst.length];
    for (int i = 0; i < rows.length; i++) rows[i] = catalog.row(itemIdsNewestFirst[i]);
    return of(userId, rows, timesNewestFirst, rows.length, mixture, nowMillis);
  }

  public String userId() {
    return userId;
  }

  public int historySize() {
    return rows.length;
  }

  /** Engaged rows newest first; callers must not modify. */
  public int[] rows() {
    return rows;
  }

  /** Rows retrieval must not return: the engaged rows and any older seen ones; callers must not modify. */
  public int[] seenRows() {
    return seenRows;
  }

  public long[] times() {
    return times;
  }

  /** The stored mixture, or null. */
  public float[] storedMixture() {
    return mixture;
  }

  public long nowMillis() {
    return nowMillis;
  }

  public boolean isCold() {
    return rows.length == 0;
  }
}
