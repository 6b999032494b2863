package io.recsys.candidate.pi2i;

import io.recsys.evaluation.split.UserSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The IBS list-length sweep (METHODS §2): for each list length N, HitRate@N is the share of test
 * users whose held-out next item (their first test item) lies in the union of their newest
 * {@code triggers} training items' lists cut to N. Each point also carries what N costs: index
 * entries and the mean candidate-set size (the union without the user's training items, which a
 * retriever drops anyway), i.e. the number of items the personalised scorer would have to score.
 * {@link #knee} then picks the relaxed N.
 *
 * <p>One pass per user: each candidate's best (smallest) rank over the triggers decides every N at
 * once, so the sweep costs one full-length union per user whatever the number of lengths. Test users
 * with no training items count as misses. Stateless; thread-safe.
 */
public final class HitRateSweep {
  /**
   * One point of the curve.
   *
   * @param listLength N
   * @param hitRate share of test users whose next item is among their candidates
   * @param entries index entries with lists cut to N
   * @param meanCandidates mean number of distinct unseen candidates per test user
   */
  public record Point(int listLength, double hitRate, long entries, double meanCandidates) {}

  /**
   * The knee tolerance the default list length was chosen with. 0.05 rather than 0.01: on a small
   * catalogue the union's hit rate approaches 1 only as the union approaches the catalogue (on
   * MovieLens 100K, N = 800 already offers each user 59% of its 1,682 items), so a tighter tolerance
   * just returns the largest N tried.
   */
  public static final double DEFAULT_TOLERANCE = 0.05;

  private HitRateSweep() {}

  /**
   * Sweeps {@code listLengths} (strictly ascending) over {@code full}, whose lists must be at least
   * as long as the largest length for the curve to mean anything (shorter lists simply stop growing).
   *
   * @param testItemsByUser held-out items per user index (empty for users not under test), as
   *     {@link io.recsys.evaluation.split.Split#test()} gives them
   */
  public static List<Point> sweep(ItemToItemIndex full, UserSequences train, int[][] testItemsByUser, int triggers,
      int[] listLengths) {
    Objects.requireNonNull(full, "full");
    Objects.requireNonNull(train, "train");
    if (triggers < 1) throw new IllegalArgumentException("triggers must be >= 1: " + triggers);
    if (listLengths.length == 0) throw new IllegalArgumentException("listLengths is empty");
    for (int i = 0; i < listLengths.length; i++) {
      if (listLengths[i] < 1 || (i > 0 && listLengths[i] <= listLengths[i - 1])) {
        throw new IllegalArgumentException("listLengths must be positive and strictly ascending: "
            + Arrays.toString(listLengths));
      }
    }
    if (testItemsByUser.length != train.userCount()) {
      throw new IllegalArgumentException("testItemsByUser has " + testItemsByUser.length + " users, train "
          + train.userCount());
    }
    if (full.itemCount() != train.itemCount()) {
      throw new IllegalArgumentException("index has " + full.itemCount() + " items, train " + train.itemCount());
    }
    int n = full.itemCount();
    int maxN = listLengths[listLengths.length - 1];
    int[] bestRank = new int[n];
    int[] stamp = new int[n];
    int[] seen = new int[n];
    int[] touched = new int[n];
    // rankHistogram[r] = number of unseen candidates whose best rank is r (summed over users).
    long[] rankHistogram = new long[maxN];
    long[] hitsAtRank = new long[maxN];
    int testUsers = 0;
    for (int u = 0; u < train.userCount(); u++) {
      int[] test = testItemsByUser[u];
      if (test == null || test.length == 0) continue;
      testUsers++;
      int mark = u + 1;
      int len = train.length(u);
      for (int p = 0; p < len; p++) seen[train.item(u, p)] = mark;
      int nTouched = 0;
      for (int p = len - 1; p >= Math.max(0, len - triggers); p--) {
        int t = train.item(u, p);
        int listLen = Math.min(full.listLength(t), maxN);
        for (int r = 0; r < listLen; r++) {
          int j = full.neighbour(t, r);
          if (seen[j] == mark) continue;
          if (stamp[j] != mark) {
            stamp[j] = mark;
            bestRank[j] = r;
            touched[nTouched++] = j;
          } else if (r < bestRank[j]) {
            bestRank[j] = r;
          }
        }
      }
      for (int c = 0; c < nTouched; c++) rankHistogram[bestRank[touched[c]]]++;
      int next = test[0];
      if (stamp[next] == mark && seen[next] != mark) hitsAtRank[bestRank[next]]++;
    }
    List<Point> curve = new ArrayList<>(listLengths.length);
    long cumHits = 0;
    long cumCandidates = 0;
    int r = 0;
    for (int length : listLengths) {
      for (; r < length; r++) {
        cumHits += hitsAtRank[r];
        cumCandidates += rankHistogram[r];
      }
      long entries = 0;
      for (int i = 0; i < n; i++) entries += Math.min(length, full.listLength(i));
      double hr = testUsers == 0 ? 0 : (double) cumHits / testUsers;
      double mean = testUsers == 0 ? 0 : (double) cumCandidates / testUsers;
      curve.add(new Point(length, hr, entries, mean));
    }
    return List.copyOf(curve);
  }

  /**
   * The relaxed list length: the smallest N whose hit rate is within {@code tolerance} (absolute) of
   * the best hit rate on the curve. Relaxed truncation chooses a long N on purpose (the scorer, not
   * the list cut, should decide), and the tolerance stops it at the point where longer lists add
   * entries and scoring cost but almost no hits.
   */
  public static int knee(List<Point> curve, double tolerance) {
    if (curve.isEmpty()) throw new IllegalArgumentException("curve is empty");
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0: " + tolerance);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (Point p : curve) best = Math.max(best, p.hitRate());
    int chosen = Integer.MAX_VALUE;
    for (Point p : curve) if (p.hitRate() >= best - tolerance) chosen = Math.min(chosen, p.listLength());
    return chosen;
  }
}
