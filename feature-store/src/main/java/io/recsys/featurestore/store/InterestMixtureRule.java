package io.recsys.featurestore.store;

/**
 * The real-time update of a user's interest-mixture weights, in the spirit of kNN-Embed's smoothed
 * mixture over item clusters (METHODS.md §1): an engagement with an item of cluster {@code c} moves the
 * weights toward that cluster, {@code w ← (1 − α)·w + α·e_c} ({@code e_c} one-hot, α by type from
 * {@link MixtureRefreshConfig}), so they stay a probability vector and older interests fade
 * geometrically. A user without weights, or with weights that do not fit the current clustering
 * (another length — the cluster count changed — or a negative, non-finite or all-zero vector), starts
 * from the uniform vector {@code 1/K}: one click then gives a mild preference, not certainty. The
 * result is renormalised to sum 1 before it is stored as float32, so rounding cannot drift.
 *
 * <p>The Redis user script ({@code RedisRealtimeFeatureWriter}) repeats this arithmetic in Lua; the
 * in-memory writer calls it. Stateless and thread-safe.
 */
public final class InterestMixtureRule {
  private InterestMixtureRule() {}

  /** True when {@code stored} can be mixed under {@code clusterCount} clusters (else it is reset). */
  public static boolean fits(float[] stored, int clusterCount) {
    if (stored == null || stored.length != clusterCount) return false;
    double sum = 0;
    for (float w : stored) {
      if (!(w >= 0 && w < Float.POSITIVE_INFINITY)) return false;
      sum += w;
    }
    return sum > 0;
  }

  /** The weights to mix into: {@code stored} when it {@link #fits}, else uniform. */
  public static double[] start(float[] stored, int clusterCount) {
    if (clusterCount < 1) throw new IllegalArgumentException("clusterCount must be >= 1: " + clusterCount);
    double[] w = new double[clusterCount];
    if (fits(stored, clusterCount)) {
      for (int j = 0; j < clusterCount; j++) w[j] = stored[j];
    } else {
      java.util.Arrays.fill(w, 1.0 / clusterCount);
    }
    return w;
  }

  /** One event: {@code w ← (1 − α)·w + α·e_cluster}, in place. */
  public static void mix(double[] w, int cluster, double alpha) {
    if (cluster < 0 || cluster >= w.length) {
      throw new IllegalArgumentException("cluster " + cluster + " outside [0, " + w.length + ")");
    }
    for (int j = 0; j < w.length; j++) w[j] *= 1 - alpha;
    w[cluster] += alpha;
  }

  /** The weights divided by their sum, as float32 for storage. */
  public static float[] normalised(double[] w) {
    double sum = 0;
    for (double x : w) sum += x;
    float[] out = new float[w.length];
    for (int j = 0; j < w.length; j++) out[j] = (float) (w[j] / sum);
    return out;
  }
}
