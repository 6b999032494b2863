package io.recsys.evaluation.split;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ways to hold out test data. Every protocol first drops users with fewer than
 * {@code minInteractions} distinct positive items, from training and test alike.
 */
public enum SplitProtocol {
  /** Each user's last item (by timestamp, ties by item id as a string) is the test item. */
  LEAVE_LAST_OUT("leave-last-out"),
  /**
   * One global cut in time: the oldest {@code 1 - testFraction} of all entries train, the rest test;
   * a user is tested only if they also have training entries.
   */
  TEMPORAL("temporal"),
  /** Each entry goes to test with probability {@code testFraction} (seeded). */
  RANDOM("random");

  private final String cliName;

  SplitProtocol(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static SplitProtocol parse(String name) {
    for (SplitProtocol p : values()) {
      if (p.cliName.equals(name.toLowerCase(Locale.ROOT)) || p.name().equalsIgnoreCase(name)) return p;
    }
    throw new IllegalArgumentException("unknown split '" + name + "' (expected leave-last-out, temporal or random)");
  }

  /**
   * Splits the sequences.
   *
   * @param minInteractions users with fewer distinct items are dropped (must be >= 2 for
   *     leave-last-out, so every tested user keeps a training item)
   * @param testFraction share of entries held out by TEMPORAL and RANDOM, in (0, 1)
   * @param seed seed of RANDOM
   */
  public Split split(UserSequences all, int minInteractions, double testFraction, long seed) {
    if (minInteractions < 1) throw new IllegalArgumentException("minInteractions must be >= 1, was " + minInteractions);
    if (this != LEAVE_LAST_OUT && !(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1), was " + testFraction);
    }
    int users = all.userCount();
    boolean[] trainKeep = new boolean[all.totalLength()];
    int[][] test = new int[users][];
    long cut = this == TEMPORAL ? cutTime(all, minInteractions, testFraction) : 0;
    SplittableRandom random = new SplittableRandom(seed);
    int[] scratch = new int[maxLength(all)];
    int base = 0;
    for (int u = 0; u < users; u++) {
      int len = all.length(u);
      if (len >= minInteractions && len >= (this == LEAVE_LAST_OUT ? 2 : 1)) {
        int held = 0;
        for (int p = 0; p < len; p++) {
          boolean toTest = switch (this) {
            case LEAVE_LAST_OUT -> p == len - 1;
            case TEMPORAL -> all.timestamp(u, p) >= cut;
            case RANDOM -> random.nextDouble() < testFraction;
          };
          if (toTest) scratch[held++] = all.item(u, p);
          else trainKeep[base + p] = true;
        }
        boolean hasTrain = held < len;
        if (held > 0 && hasTrain) {
          test[u] = Arrays.copyOf(scratch, held);
        } else if (held > 0) {
          // Every entry fell into test: nothing to learn the user from, so the user is dropped.
          for (int p = 0; p < len; p++) trainKeep[base + p] = false;
        }
      }
      base += len;
    }
    return new Split(describe(minInteractions, testFraction, seed), select(all, trainKeep), test);
  }

  private String describe(int minInteractions, double testFraction, long seed) {
    return switch (this) {
      case LEAVE_LAST_OUT -> "leave-last-out, users with >= " + minInteractions + " items";
      case TEMPORAL -> "temporal, last " + testFraction + " of entries held out, users with >= " + minInteractions + " items";
      case RANDOM -> "random (seed " + seed + "), " + testFraction + " held out, users with >= " + minInteractions + " items";
    };
  }

  private static int maxLength(UserSequences s) {
    int max = 0;
    for (int u = 0; u < s.userCount(); u++) max = Math.max(max, s.length(u));
    return max;
  }

  /** The timestamp below which the oldest (1 - testFraction) of the eligible users' entries lie. */
  private static long cutTime(UserSequences all, int minInteractions, double testFraction) {
    int n = 0;
    for (int u = 0; u < all.userCount(); u++) if (all.length(u) >= minInteractions) n += all.length(u);
    if (n == 0) return Long.MAX_VALUE;
    long[] ts = new long[n];
    int i = 0;
    for (int u = 0; u < all.userCount(); u++) {
      if (all.length(u) < minInteractions) continue;
      for (int p = 0; p < all.length(u); p++) ts[i++] = all.timestamp(u, p);
    }
    Arrays.sort(ts);
    int at = (int) Math.min(n - 1, Math.floor(n * (1 - testFraction)));
    return ts[at];
  }

  private static UserSequences select(UserSequences all, boolean[] keep) {
    int users = all.userCount();
    int[] offsets = new int[users + 1];
    int kept = 0;
    for (boolean k : keep) if (k) kept++;
    int[] items = new int[kept];
    long[] timestamps = new long[kept];
    int out = 0;
    int base = 0;
    for (int u = 0; u < users; u++) {
      for (int p = 0; p < all.length(u); p++) {
        if (keep[base + p]) {
          items[out] = all.item(u, p);
          timestamps[out] = all.timestamp(u, p);
          out++;
        }
      }
      base += all.length(u);
      offsets[u + 1] = out;
    }
    return new UserSequences(offsets, items, timestamps, all.itemCount());
  }
}
