package io.recsys.ranking.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The frozen {@link ItemStats} the ranker artefact carries for serving: the state a
 * {@link PointInTimeReplay} reached after its last event ({@link PointInTimeReplay#freeze()}), so it
 * answers exactly what the replay would have answered at that moment. Transitions are kept sparse in
 * compressed-row form: for source item {@code i}, successors {@code successor[offset[i]..offset[i+1])}
 * sorted ascending with their counts; a lookup is a binary search.
 *
 * <p>Immutable after construction (the arrays are owned); thread-safe to read.
 */
public final class FrozenItemStats implements ItemStats {
  private final int[] total;
  private final double[] decayed;
  private final long[] decayedAt;
  private final long[] firstSeen;
  private final long[] lastSeen;
  private final int[] offset;
  private final int[] successor;
  private final int[] count;
  private final long asOfMillis;

  FrozenItemStats(int[] total, double[] decayed, long[] decayedAt, long[] firstSeen, long[] lastSeen, int[] offset,
      int[] successor, int[] count, long asOfMillis) {
    int n = total.length;
    if (decayed.length != n || decayedAt.length != n || firstSeen.length != n || lastSeen.length != n) {
      throw new IllegalArgumentException("per-item arrays disagree on the item count " + n);
    }
    if (offset.length != n + 1 || offset[0] != 0 || offset[n] != successor.length || count.length != successor.length) {
      throw new IllegalArgumentException("transition rows do not span " + successor.length + " successors of " + n + " items");
    }
    for (int i = 0; i < n; i++) {
      for (int k = offset[i] + 1; k < offset[i + 1]; k++) {
        if (successor[k] <= successor[k - 1]) throw new IllegalArgumentException("successors of item " + i + " not strictly ascending");
      }
    }
    this.total = total;
    this.decayed = decayed;
    this.decayedAt = decayedAt;
    this.firstSeen = firstSeen;
    this.lastSeen = lastSeen;
    this.offset = offset;
    this.successor = successor;
    this.count = count;
    this.asOfMillis = asOfMillis;
  }

  public int itemCount() {
    return total.length;
  }

  /** The moment this snapshot describes: the time of the last event it holds (Long.MIN_VALUE if none). */
  public long asOfMillis() {
    return asOfMillis;
  }

  @Override
  public double totalCount(int item) {
    return total[item];
  }

  @Override
  public double decayedCount(int item, long now) {
    return ItemStats.decay(decayed[item], decayedAt[item], now, POPULARITY_HALF_LIFE_MILLIS);
  }

  @Override
  public long firstSeen(int item) {
    return firstSeen[item];
  }

  /** Time of the item's last engagement, or {@link Long#MIN_VALUE} if it was never engaged with. */
  public long lastSeen(int item) {
    return lastSeen[item];
  }

  @Override
  public int transitions(int from, int to) {
    int k = Arrays.binarySearch(successor, offset[from], offset[from + 1], to);
    return k >= 0 ? count[k] : 0;
  }

  /** Number of distinct (from, to) pairs. */
  public int transitionPairs() {
    return successor.length;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(asOfMillis);
    out.writeInt(total.length);
    for (int i = 0; i < total.length; i++) {
      out.writeInt(total[i]);
      out.writeDouble(decayed[i]);
      out.writeLong(decayedAt[i]);
      out.writeLong(firstSeen[i]);
      out.writeLong(lastSeen[i]);
    }
    out.writeInt(successor.length);
    for (int o : offset) out.writeInt(o);
    for (int s : successor) out.writeInt(s);
    for (int c : count) out.writeInt(c);
  }

  static FrozenItemStats read(DataInputStream in, int expectedItems) throws IOException {
    long asOf = in.readLong();
    int n = in.readInt();
    if (n != expectedItems) throw new IOException("item stats for " + n + " items, expected " + expectedItems);
    int[] total = new int[n];
    double[] decayed = new double[n];
    long[] decayedAt = new long[n], first = new long[n], last = new long[n];
    for (int i = 0; i < n; i++) {
      total[i] = in.readInt();
      decayed[i] = in.readDouble();
      decayedAt[i] = in.readLong();
      first[i] = in.readLong();
      last[i] = in.readLong();
    }
    int pairs = in.readInt();
    if (pairs < 0) throw new IOException("negative transition pair count " + pairs);
    int[] offset = new int[n + 1], successor = new int[pairs], count = new int[pairs];
    for (int i = 0; i <= n; i++) offset[i] = in.readInt();
    for (int k = 0; k < pairs; k++) successor[k] = in.readInt();
    for (int k = 0; k < pairs; k++) count[k] = in.readInt();
    try {
      return new FrozenItemStats(total, decayed, decayedAt, first, last, offset, successor, count, asOf);
    } catch (IllegalArgumentException e) {
      throw new IOException("inconsistent item stats: " + e.getMessage(), e);
    }
  }
}
