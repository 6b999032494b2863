package io.recsys.evaluation.split;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Each user's interactions as a time-ordered sequence of item indexes, in compressed-row layout: the
 * items of user {@code u} are {@code items[offsets[u] .. offsets[u+1])}, oldest first. Order is by
 * timestamp, ties broken by item id compared as a string (the reference protocol's rule), so the
 * result does not depend on file order.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class UserSequences {
  private final int[] offsets;
  private final int[] items;
  private final long[] timestamps;
  private final int itemCount;

  UserSequences(int[] offsets, int[] items, long[] timestamps, int itemCount) {
    if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != items.length) {
      throw new IllegalArgumentException("offsets do not span the item array");
    }
    this.offsets = offsets;
    this.items = items;
    this.timestamps = timestamps;
    this.itemCount = itemCount;
  }

  /**
   * Builds each user's sequence of distinct items from the dataset's interactions of the given types:
   * rows sorted by (timestamp, item id as a string), and an item the user met before is dropped (its
   * first occurrence stands), so the sequence is the order in which the user discovered items. This
   * is the implicit-feedback view every split and baseline works on.
   */
  public static UserSequences of(Dataset data, Set<InteractionType> positiveTypes, ItemOrder order) {
    int users = data.users().size();
    int rows = data.size();
    boolean[] positive = new boolean[InteractionType.values().length];
    for (InteractionType t : positiveTypes) positive[t.ordinal()] = true;

    // Counting sort of positive rows by user.
    int[] start = new int[users + 1];
    for (int r = 0; r < rows; r++) {
      if (positive[data.type(r).ordinal()]) start[data.userIndex(r) + 1]++;
    }
    for (int u = 0; u < users; u++) start[u + 1] += start[u];
    int[] byUser = new int[start[users]];
    int[] fill = Arrays.copyOf(start, users);
    for (int r = 0; r < rows; r++) {
      if (positive[data.type(r).ordinal()]) byUser[fill[data.userIndex(r)]++] = r;
    }

    int[] offsets = new int[users + 1];
    int[] items = new int[byUser.length];
    long[] timestamps = new long[byUser.length];
    int[] seenBy = new int[data.items().size()]; // seenBy[item] == user + 1: already in this user's sequence
    int out = 0;
    for (int u = 0; u < users; u++) {
      IntArrays.quickSort(byUser, start[u], start[u + 1], (a, b) -> {
        int c = Long.compare(data.timestampMillis(a), data.timestampMillis(b));
        return c != 0 ? c : Integer.compare(order.rank(data.itemIndex(a)), order.rank(data.itemIndex(b)));
      });
      for (int p = start[u]; p < start[u + 1]; p++) {
        int row = byUser[p];
        int item = data.itemIndex(row);
        if (seenBy[item] == u + 1) continue;
        seenBy[item] = u + 1;
        items[out] = item;
        timestamps[out] = data.timestampMillis(row);
        out++;
      }
      offsets[u + 1] = out;
    }
    return new UserSequences(offsets, Arrays.copyOf(items, out), Arrays.copyOf(timestamps, out),
        data.items().size());
  }

  /** Every interaction type except impressions: what counts as positive feedback by default. */
  public static Set<InteractionType> defaultPositiveTypes() {
    return EnumSet.complementOf(EnumSet.of(InteractionType.IMPRESSION));
  }

  /** Number of users (indexes 0..userCount-1, the dataset's user indexes; some may be empty). */
  public int userCount() {
    return offsets.length - 1;
  }

  /** Size of the item index space (the dataset's item count). */
  public int itemCount() {
    return itemCount;
  }

  public int length(int user) {
    return offsets[user + 1] - offsets[user];
  }

  /** The {@code position}-th item of the user's sequence, 0 = oldest. */
  public int item(int user, int position) {
    return items[offsets[user] + position];
  }

  public long timestamp(int user, int position) {
    return timestamps[offsets[user] + position];
  }

  /** A copy of the user's items, oldest first. */
  public int[] items(int user) {
    return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
  }

  /** Total number of (user, item) entries. */
  public int totalLength() {
    return items.length;
  }

  /** For each item, the number of users whose sequence holds it (each user counts once per item). */
  public int[] usersPerItem() {
    int[] count = new int[itemCount];
    for (int item : items) count[item]++;
    return count;
  }

  /**
   * Each user's sequence without its newest {@code m} items (a user with {@code m} or fewer keeps
   * nothing): the history as it stood before the user's last {@code m} interactions, for models that
   * must not see those interactions (point-in-time training data).
   */
  public UserSequences withoutLast(int m) {
    if (m < 0) throw new IllegalArgumentException("m must be >= 0: " + m);
    int users = userCount();
    int[] newOffsets = new int[users + 1];
    for (int u = 0; u < users; u++) newOffsets[u + 1] = newOffsets[u] + Math.max(0, length(u) - m);
    int[] newItems = new int[newOffsets[users]];
    long[] newTimestamps = new long[newOffsets[users]];
    for (int u = 0; u < users; u++) {
      int keep = newOffsets[u + 1] - newOffsets[u];
      System.arraycopy(items, offsets[u], newItems, newOffsets[u], keep);
      System.arraycopy(timestamps, offsets[u], newTimestamps, newOffsets[u], keep);
    }
    return new UserSequences(newOffsets, newItems, newTimestamps, itemCount);
  }

  /** Number of users with a non-empty sequence. */
  public int activeUsers() {
    int n = 0;
    for (int u = 0; u < userCount(); u++) if (length(u) > 0) n++;
    return n;
  }
}
