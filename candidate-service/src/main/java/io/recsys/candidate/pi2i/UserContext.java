package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the personalised scorer knows about the user at request time, point-in-time: built only from
 * the history before the moment scored (in training, the items before the target; at serving, the
 * history as it stands).
 *
 * <ul>
 *   <li>history: item rows newest first, with their times;
 *   <li>user vector: the normalised mean of the newest {@value #PROFILE_ITEMS} history items'
 *       normalised vectors (zero when the history is empty or has no vectors);
 *   <li>mixture: per interest cluster, the recency-decayed share of the history,
 *       {@code sum_k d^k [cluster(h_k) = c] / sum_k d^k} with {@code d = }{@value #MIXTURE_DECAY} and
 *       {@code k} the position (0 = newest). Decay by position rather than by time because datasets'
 *       clocks differ wildly (MovieLens users rate dozens of films in one sitting); 0.95 gives the
 *       newest ~20 items most of the weight, the same horizon as the user vector.
 * </ul>
 *
 * <p>Immutable; thread-safe. The history arrays are copied on construction.
 */
public final class UserContext {
  /** Items averaged into the user vector. */
  public static final int PROFILE_ITEMS = 20;
  /** Per-position decay of the cluster mixture. */
  public static final double MIXTURE_DECAY = 0.95;

  private final int[] rows;
  private final long[] times;
  private final long nowMillis;
  private final float[] userVector;
  private final float[] mixture;

  private UserContext(int[] rows, long[] times, long nowMillis, float[] userVector, float[] mixture) {
    this.rows = rows;
    this.times = times;
    this.nowMillis = nowMillis;
    this.userVector = userVector;
    this.mixture = mixture;
  }

  /**
   * Builds the context from the first {@code count} entries of the history arrays (newest first).
   *
   * @param nowMillis the request time (in training, the time of the scored engagement)
   * @param normalised unit-length item vectors, row = item row
   * @param clusterOfRow interest cluster of each row, in {@code [0, clusterCount)}
   * @throws IllegalArgumentException when a row or cluster is out of range or lengths disagree
   */
  public static UserContext of(int[] rowsNewestFirst, long[] timesNewestFirst, int count, long nowMillis,
      ItemVectors normalised, int[] clusterOfRow, int clusterCount) {
    Objects.requireNonNull(normalised, "normalised");
    Objects.requireNonNull(clusterOfRow, "clusterOfRow");
    if (count < 0 || count > rowsNewestFirst.length || count > timesNewestFirst.length) {
      throw new IllegalArgumentException("count " + count + " outside the history arrays (" + rowsNewestFirst.length
          + " rows, " + timesNewestFirst.length + " times)");
    }
    if (clusterCount < 1) throw new IllegalArgumentException("clusterCount must be >= 1: " + clusterCount);
    int items = normalised.count();
    if (clusterOfRow.length != items) {
      throw new IllegalArgumentException("clusterOfRow has " + clusterOfRow.length + " rows, the vectors " + items);
    }
    int dim = normalised.dim();
    float[] data = normalised.data();
    float[] vector = new float[dim];
    float[] mixture = new float[clusterCount];
    double decay = 1;
    double total = 0;
    for (int k = 0; k < count; k++) {
      int row = rowsNewestFirst[k];
      if (row < 0 || row >= items) throw new IllegalArgumentException("history row " + row + " outside 0.." + (items - 1));
      int c = clusterOfRow[row];
      if (c < -1 || c >= clusterCount) {
        throw new IllegalArgumentException("row " + row + " is in cluster " + c + ", outside -1.." + (clusterCount - 1));
      }
      // -1: an item in no cluster (no training data when the clusters were made) adds to no interest.
      if (c >= 0) {
        mixture[c] += (float) decay;
        total += decay;
      }
      decay *= MIXTURE_DECAY;
      if (k < PROFILE_ITEMS) {
        int off = row * dim;
        for (int d = 0; d < dim; d++) vector[d] += data[off + d];
      }
    }
    if (total > 0) for (int c = 0; c < clusterCount; c++) mixture[c] = (float) (mixture[c] / total);
    double norm = 0;
    for (float v : vector) norm += (double) v * v;
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dim; d++) vector[d] *= inv;
    }
    return new UserContext(Arrays.copyOf(rowsNewestFirst, count), Arrays.copyOf(timesNewestFirst, count), nowMillis,
        vector, mixture);
  }

  public int historyLength() {
    return rows.length;
  }

  /** The {@code k}-th newest history row (0 = newest). */
  public int historyRow(int k) {
    return rows[k];
  }

  public long historyTime(int k) {
    return times[k];
  }

  public long nowMillis() {
    return nowMillis;
  }

  public int clusterCount() {
    return mixture.length;
  }

  /** Recency-decayed share of the history in {@code cluster}; the weights sum to 1 (0 when empty); 0 for -1 (no cluster). */
  public float mixtureWeight(int cluster) {
    return cluster < 0 ? 0f : mixture[cluster];
  }

  /** The unit user vector (a copy; zero when the history has no vectors). */
  public float[] userVector() {
    return userVector.clone();
  }

  /** The user vector itself, for hot loops that only read it. */
  float[] userVectorView() {
    return userVector;
  }
}
