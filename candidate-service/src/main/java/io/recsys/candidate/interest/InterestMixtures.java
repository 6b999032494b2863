package io.recsys.candidate.interest;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Index;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.NullProgressListener;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.recsys.candidate.embed.ParallelRows;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * kNN-Embed user mixtures over interest clusters (METHODS §1, reconstruction steps 3 and 4):
 *
 * <pre>
 *   n_u(c)  = sum over u's engagements with an item of cluster c of 0.5^(age / halfLife)
 *   pi_u(c) ∝ n_u(c) + beta * sum_{v in N_k(u)} sim(u, v) * n_v(c) + addAlpha
 * </pre>
 *
 * The age of an engagement is measured from the user's own newest engagement, so a mixture is
 * point-in-time (no global "now" that would make old users look inactive). {@code N_k(u)} are the k
 * users most cosine-similar to u by ALS user vector; only positive similarities count (a dissimilar
 * user says nothing about u's interests). Users without a vector or without neighbours get add-alpha
 * smoothing only. Note that beta weighs raw counts: with k = 20 similar users the neighbourhood
 * usually outweighs the user's own history unless beta is well below 1.
 *
 * <p>Neighbour search is exact (all pairs, parallel over users, ties to the lower user) below
 * {@value #EXACT_SEARCH_BELOW_USERS} users with vectors, and bit-identical for any thread count.
 * Above it, an hnswlib-core HNSW index (inner product on unit user vectors) finds them approximately;
 * hnswlib draws node levels from {@code ThreadLocalRandom} and inserts concurrently, so there the
 * neighbour sets, and the mixtures, can differ slightly between runs.
 *
 * <p>Stateless; both methods may be called from any thread.
 */
public final class InterestMixtures {
  /** Below this many users with a vector, neighbours are found exactly; O(users^2 * d) is cheap there. */
  public static final int EXACT_SEARCH_BELOW_USERS = 2000;
  /** HNSW graph degree and construction beam: hnswlib's usual values for recall near 1 at d ~ 64. */
  private static final int HNSW_M = 16;
  private static final int HNSW_EF_CONSTRUCTION = 200;
  /** Users per progress report (and per parallel batch). */
  private static final int BATCH = 4096;
  private static final int CHUNK = 64;

  private InterestMixtures() {}

  /**
   * Every user's mixture.
   *
   * @param interactions the training sequences (item indexes = the clusters' item rows)
   * @param userFactors row-major {@code userCount x dim} ALS user vectors (zero rows allowed)
   * @param progress hears users done out of {@code userCount}, from the calling thread
   * @return one row per user index: {@code clusterCount} weights summing to 1, or null for a user
   *     with an empty sequence
   */
  public static float[][] build(UserSequences interactions, InterestClusters clusters, float[] userFactors, int dim,
      MixtureConfig config, Progress progress) {
    return build(interactions, clusters, userFactors, dim, config, progress, EXACT_SEARCH_BELOW_USERS,
        Runtime.getRuntime().availableProcessors());
  }

  /** As above with the exact-search threshold and thread count given (tests use a low threshold). */
  static float[][] build(UserSequences interactions, InterestClusters clusters, float[] userFactors, int dim,
      MixtureConfig config, Progress progress, int exactBelow, int threads) {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(clusters, "clusters");
    Objects.requireNonNull(userFactors, "userFactors");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(progress, "progress");
    int users = interactions.userCount();
    int k = clusters.clusterCount();
    if (interactions.itemCount() != clusters.itemCount()) {
      throw new IllegalArgumentException("sequences index " + interactions.itemCount() + " items, clusters "
          + clusters.itemCount());
    }
    if (dim < 1 || (long) users * dim != userFactors.length) {
      throw new IllegalArgumentException("userFactors holds " + userFactors.length + " floats, " + users + " users x "
          + dim + " dims need " + (long) users * dim);
    }

    // Own decayed counts, row-major users x clusters; floats (summed in double) to halve the memory
    // of a large user base.
    float[] counts = new float[users * k];
    double[] own = new double[k];
    for (int u = 0; u < users; u++) {
      int len = interactions.length(u);
      if (len == 0) continue;
      long newest = Long.MIN_VALUE;
      for (int p = 0; p < len; p++) newest = Math.max(newest, interactions.timestamp(u, p));
      Arrays.fill(own, 0);
      for (int p = 0; p < len; p++) {
        int c = clusters.cluster(interactions.item(u, p));
        if (c != InterestClusters.UNASSIGNED) own[c] += config.decay(newest - interactions.timestamp(u, p));
      }
      for (int c = 0; c < k; c++) counts[u * k + c] = (float) own[c];
    }

    // Unit user vectors of users who have both a vector and a history.
    float[] unit = new float[userFactors.length];
    int[] active = new int[users];
    int activeCount = 0;
    for (int u = 0; u < users; u++) {
      if (interactions.length(u) == 0) continue;
      double norm = 0;
      for (int j = 0; j < dim; j++) norm += (double) userFactors[u * dim + j] * userFactors[u * dim + j];
      if (norm == 0) continue;
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) unit[u * dim + j] = userFactors[u * dim + j] * inv;
      active[activeCount++] = u;
    }
    int[] activeUsers = Arrays.copyOf(active, activeCount);
    int neighbours = config.beta() == 0 ? 0 : Math.min(config.neighbours(), activeCount - 1);
    Index<Integer, float[], UserPoint, Float> hnsw = null;
    if (neighbours > 0 && activeCount >= exactBelow) hnsw = buildIndex(unit, activeUsers, dim, neighbours, threads);
    Index<Integer, float[], UserPoint, Float> index = hnsw;

    float[][] out = new float[users][];
    for (int start = 0; start < users; start += BATCH) {
      int end = Math.min(users, start + BATCH);
      int batchStart = start;
      ParallelRows.run("mixtures", end - start, CHUNK, threads, () -> {
        Neighbourhood near = new Neighbourhood(Math.max(1, neighbours), dim);
        double[] row = new double[k];
        return (from, to) -> {
          for (int u = batchStart + from; u < batchStart + to; u++) {
            if (interactions.length(u) == 0) continue;
            for (int c = 0; c < k; c++) row[c] = counts[u * k + c];
            if (neighbours > 0 && !isZero(unit, u * dim, dim)) {
              if (index == null) near.exact(unit, activeUsers, dim, u);
              else near.approximate(index, unit, dim, u);
              for (int n = 0; n < near.size; n++) {
                double w = config.beta() * near.sims[n];
                int v = near.users[n];
                for (int c = 0; c < k; c++) row[c] += w * counts[v * k + c];
              }
            }
            out[u] = normalise(row, config.addAlpha());
          }
        };
      });
      progress.update(end, users);
    }
    return out;
  }

  /**
   * One user's mixture online, from a history of item rows with engagement times (any order; the
   * serving path keeps them newest first): {@code pi(c) ∝ sum 0.5^((nowMillis - t) / halfLife) +
   * addAlpha} over the history's items in cluster c. No neighbours: this is the add-alpha fallback
   * of {@link #build}. Engagements after {@code nowMillis} count as new; repeated items count each
   * time; unassigned items count nowhere.
   *
   * @return {@code clusterCount} weights summing to 1, or null when {@code count == 0} (no history:
   *     the caller falls back to non-personal sources)
   */
  public static float[] forHistory(int[] itemRows, long[] timestampsMillis, int count, long nowMillis,
      InterestClusters clusters, MixtureConfig config) {
    if (count < 0 || count > itemRows.length || count > timestampsMillis.length) {
      throw new IllegalArgumentException("count " + count + " outside the history arrays (" + itemRows.length + " rows, "
          + timestampsMillis.length + " times)");
    }
    if (count == 0) return null;
    double[] row = new double[clusters.clusterCount()];
    for (int p = 0; p < count; p++) {
      int item = itemRows[p];
      if (item < 0 || item >= clusters.itemCount()) {
        throw new IllegalArgumentException("item row " + item + " outside [0, " + clusters.itemCount() + ")");
      }
      int c = clusters.cluster(item);
      if (c != InterestClusters.UNASSIGNED) row[c] += config.decay(nowMillis - timestampsMillis[p]);
    }
    return normalise(row, config.addAlpha());
  }

  /** (row + addAlpha) / sum as floats; uniform when everything is zero (nothing known, no prior). */
  private static float[] normalise(double[] row, double addAlpha) {
    int k = row.length;
    double sum = 0;
    for (int c = 0; c < k; c++) sum += row[c] + addAlpha;
    float[] out = new float[k];
    for (int c = 0; c < k; c++) out[c] = sum > 0 ? (float) ((row[c] + addAlpha) / sum) : 1f / k;
    return out;
  }

  private static boolean isZero(float[] a, int off, int len) {
    for (int j = 0; j < len; j++) if (a[off + j] != 0) return false;
    return true;
  }

  private static Index<Integer, float[], UserPoint, Float> buildIndex(float[] unit, int[] activeUsers, int dim,
      int neighbours, int threads) {
    HnswIndex<Integer, float[], UserPoint, Float> index = HnswIndex
        .newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, activeUsers.length)
        .withM(HNSW_M).withEfConstruction(HNSW_EF_CONSTRUCTION).withEf(Math.max(100, 4 * neighbours))
        .build();
    List<UserPoint> points = new ArrayList<>(activeUsers.length);
    for (int u : activeUsers) points.add(new UserPoint(u, Arrays.copyOfRange(unit, u * dim, (u + 1) * dim)));
    try {
      index.addAll(points, threads, NullProgressListener.INSTANCE, Index.DEFAULT_PROGRESS_UPDATE_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing user vectors", e);
    }
    return index;
  }

  /** A user in the HNSW index: id = user index, vector = unit user vector. */
  private record UserPoint(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  /**
   * One thread's top-k neighbour search: the k most similar other users with positive similarity,
   * held sorted by similarity descending, ties by lower user index. Similarities are always computed
   * here (float dot of unit vectors), also for HNSW hits, so both paths weigh neighbours alike.
   */
  private static final class Neighbourhood {
    final int capacity;
    final int[] users;
    final float[] sims;
    final float[] query;
    int size;

    Neighbourhood(int capacity, int dim) {
      this.capacity = capacity;
      this.users = new int[capacity];
      this.sims = new float[capacity];
      this.query = new float[dim];
    }

    void exact(float[] unit, int[] activeUsers, int dim, int u) {
      size = 0;
      int uo = u * dim;
      for (int v : activeUsers) {
        if (v == u) continue;
        offer(v, dot(unit, uo, v * dim, dim));
      }
    }

    void approximate(Index<Integer, float[], UserPoint, Float> index, float[] unit, int dim, int u) {
      size = 0;
      System.arraycopy(unit, u * dim, query, 0, dim); // hnswlib does not keep the query
      for (SearchResult<UserPoint, Float> hit : index.findNearest(query, capacity + 1)) {
        int v = hit.item().id();
        if (v == u) continue;
        offer(v, dot(unit, u * dim, v * dim, dim));
      }
    }

    private static float dot(float[] unit, int a, int b, int dim) {
      float s = 0;
      for (int j = 0; j < dim; j++) s += unit[a + j] * unit[b + j];
      return s;
    }

    /** Insertion into the sorted top list; k is small (tens), so a shift beats a heap here. */
    private void offer(int v, float sim) {
      if (!(sim > 0)) return;
      if (size == capacity && !better(sim, v, sims[size - 1], users[size - 1])) return;
      int at = size == capacity ? size - 1 : size++;
      while (at > 0 && better(sim, v, sims[at - 1], users[at - 1])) {
        sims[at] = sims[at - 1];
        users[at] = users[at - 1];
        at--;
      }
      sims[at] = sim;
      users[at] = v;
    }

    private static boolean better(float sim, int v, float otherSim, int other) {
      return sim > otherSim || (sim == otherSim && v < other);
    }
  }
}
