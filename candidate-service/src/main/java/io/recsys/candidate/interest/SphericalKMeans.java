package io.recsys.candidate.interest;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.ParallelRows;
import io.recsys.core.train.Progress;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Spherical k-means (cosine similarity; centroids re-normalised to unit length after every update)
 * over L2-normalised item vectors: the interest clusters of kNN-Embed (METHODS §1, step 2). Hand-written
 * because neither Lucene nor hnswlib exposes a k-means with cosine, seeding and deterministic ids; at
 * {@code O(iterations * items * k * d)} it is a few lines of primitive loops.
 *
 * <ul>
 *   <li>Items with a zero vector (no training data) carry no direction: they are left out and stay
 *       {@link InterestClusters#UNASSIGNED}.
 *   <li>k is {@link #effectiveClusters}: the configured count, but at most one cluster per
 *       {@value #MIN_ITEMS_PER_CLUSTER} items on a small catalogue.
 *   <li>Initialisation is k-means++ (Arthur and Vassilvitskii 2007), seeded: the first centre is a
 *       uniformly drawn item, each further one an item drawn with probability proportional to its
 *       squared distance to the nearest chosen centre ({@code 2 (1 - cos)} on the unit sphere).
 *   <li>An empty cluster after an assignment step is re-seeded with the item farthest from (least
 *       similar to) its own centroid, taken from a cluster that keeps at least one item; ties go to
 *       the lower item row. This puts the spare centre where the current model fits worst.
 *   <li>Assignment runs in parallel (each item is independent; ties go to the lower cluster), the
 *       update sums members in item order: results are bit-identical for any thread count.
 *   <li>Cluster ids are finally ordered by descending size, ties by smallest member row, so the same
 *       input always gives the same ids (METHODS §1: keep cluster ids stable across retrains).
 * </ul>
 *
 * <p>Immutable; {@link #fit} may run on several threads at once.
 */
public final class SphericalKMeans {
  /** A small catalogue gets at most one cluster per this many items. */
  public static final int MIN_ITEMS_PER_CLUSTER = 5;
  private static final int CHUNK = 256;

  private final KMeansConfig config;

  public SphericalKMeans(KMeansConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The number of clusters fitted for {@code items} clusterable items: {@code max(1, min(requested, items / 5))}. */
  public static int effectiveClusters(int requested, int items) {
    return Math.max(1, Math.min(requested, items / MIN_ITEMS_PER_CLUSTER));
  }

  /**
   * Clusters the items of {@code vectors}.
   *
   * @param progress hears Lloyd rounds done out of {@code iterations} (jumping to the end on early
   *     convergence), from the calling thread
   * @throws IllegalArgumentException when every vector is zero
   */
  public InterestClusters fit(ItemVectors vectors, Progress progress) {
    Objects.requireNonNull(vectors, "vectors");
    Objects.requireNonNull(progress, "progress");
    int d = vectors.dim();
    float[] unit = vectors.normalised().data();
    int[] points = nonZeroRows(unit, vectors.count(), d);
    int n = points.length;
    if (n == 0) throw new IllegalArgumentException("no item has a non-zero vector: nothing to cluster");
    int k = effectiveClusters(config.clusters(), n);
    int threads = config.threads();

    float[] centroids = new float[k * d];
    int[] seeds = kMeansPlusPlus(unit, points, d, k, new SplittableRandom(config.seed()), threads);
    for (int c = 0; c < k; c++) System.arraycopy(unit, points[seeds[c]] * d, centroids, c * d, d);

    int[] assign = new int[n];
    Arrays.fill(assign, -1);
    int[] next = new int[n];
    float[] sim = new float[n];
    int[] sizes = new int[k];
    for (int it = 0; it < config.iterations(); it++) {
      assign(unit, points, d, centroids, k, next, sim, threads);
      Arrays.fill(sizes, 0);
      for (int p = 0; p < n; p++) sizes[next[p]]++;
      reseedEmpty(next, sim, sizes);
      boolean changed = !Arrays.equals(assign, next);
      System.arraycopy(next, 0, assign, 0, n);
      if (!changed) { // centroids already are the means of these members
        progress.update(config.iterations(), config.iterations());
        break;
      }
      update(unit, points, d, assign, k, centroids);
      progress.update(it + 1, config.iterations());
    }
    return relabel(vectors.count(), points, assign, centroids, k, d);
  }

  private static int[] nonZeroRows(float[] unit, int rows, int d) {
    int[] out = new int[rows];
    int n = 0;
    for (int r = 0; r < rows; r++) {
      int off = r * d;
      for (int j = 0; j < d; j++) {
        if (unit[off + j] != 0) {
          out[n++] = r;
          break;
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * k-means++ seeding: indexes into {@code points} of the {@code k} chosen centres. When every
   * remaining point coincides with a chosen centre (fewer distinct directions than k), further centres
   * are drawn uniformly; the empty clusters they produce are re-seeded by the Lloyd rounds.
   */
  static int[] kMeansPlusPlus(float[] unit, int[] points, int d, int k, SplittableRandom random, int threads) {
    int n = points.length;
    int[] seeds = new int[k];
    double[] dist = new double[n]; // 1 - cos to the nearest chosen centre: D^2 / 2
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    seeds[0] = random.nextInt(n);
    for (int c = 1; c <= k; c++) {
      int centreOff = points[seeds[c - 1]] * d;
      ParallelRows.run("kmeans-init", n, CHUNK, threads, () -> (from, to) -> {
        for (int p = from; p < to; p++) {
          int off = points[p] * d;
          float s = 0;
          for (int j = 0; j < d; j++) s += unit[off + j] * unit[centreOff + j];
          double gap = Math.max(0, 1 - (double) s);
          if (gap < dist[p]) dist[p] = gap;
        }
      });
      if (c == k) break;
      double total = 0;
      for (int p = 0; p < n; p++) total += dist[p];
      if (!(total > 0)) {
        seeds[c] = random.nextInt(n);
        continue;
      }
      double target = random.nextDouble() * total;
      int pick = n - 1;
      double cumulative = 0;
      for (int p = 0; p < n; p++) {
        cumulative += dist[p];
        if (cumulative > target && dist[p] > 0) {
          pick = p;
          break;
        }
      }
      while (dist[pick] == 0) pick--; // rounding left the walk at the end: take the last candidate
      seeds[c] = pick;
    }
    return seeds;
  }

  /** Each point's most similar centroid (ties to the lower cluster) and that similarity. */
  private static void assign(float[] unit, int[] points, int d, float[] centroids, int k, int[] out, float[] sim,
      int threads) {
    ParallelRows.run("kmeans-assign", points.length, CHUNK, threads, () -> (from, to) -> {
      for (int p = from; p < to; p++) {
        int off = points[p] * d;
        int best = 0;
        float bestSim = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          int coff = c * d;
          float s = 0;
          for (int j = 0; j < d; j++) s += unit[off + j] * centroids[coff + j];
          if (s > bestSim) {
            bestSim = s;
            best = c;
          }
        }
        out[p] = best;
        sim[p] = bestSim;
      }
    });
  }

  /**
   * Gives every empty cluster, lowest id first, the point least similar to its centroid among
   * clusters that keep at least one point (ties to the lower point); {@code sizes} is kept current.
   */
  static void reseedEmpty(int[] assign, float[] sim, int[] sizes) {
    for (int c = 0; c < sizes.length; c++) {
      if (sizes[c] > 0) continue;
      int worst = -1;
      for (int p = 0; p < assign.length; p++) {
        if (sizes[assign[p]] > 1 && (worst < 0 || sim[p] < sim[worst])) worst = p;
      }
      if (worst < 0) {
        throw new IllegalStateException("cannot fill empty cluster " + c + ": every cluster holds one point (k > points)");
      }
      sizes[assign[worst]]--;
      assign[worst] = c;
      sim[worst] = 1; // it is now its cluster's centre, so it is not picked again this round
      sizes[c] = 1;
    }
  }

  /** Centroids = normalised member sums (in double, in point order); a zero sum keeps the old centroid. */
  private static void update(float[] unit, int[] points, int d, int[] assign, int k, float[] centroids) {
    double[] sums = new double[k * d];
    for (int p = 0; p < points.length; p++) {
      int off = points[p] * d;
      int coff = assign[p] * d;
      for (int j = 0; j < d; j++) sums[coff + j] += unit[off + j];
    }
    for (int c = 0; c < k; c++) {
      int coff = c * d;
      double norm = 0;
      for (int j = 0; j < d; j++) norm += sums[coff + j] * sums[coff + j];
      if (norm == 0) continue; // members cancel out exactly (antipodal): keep the previous direction
      double inv = 1 / Math.sqrt(norm);
      for (int j = 0; j < d; j++) centroids[coff + j] = (float) (sums[coff + j] * inv);
    }
  }

  /** Renumbers clusters by descending size, ties by smallest member row, and spreads back to item rows. */
  private static InterestClusters relabel(int itemCount, int[] points, int[] assign, float[] centroids, int k, int d) {
    int[] size = new int[k];
    int[] firstRow = new int[k];
    Arrays.fill(firstRow, Integer.MAX_VALUE);
    for (int p = 0; p < points.length; p++) {
      int c = assign[p];
      size[c]++;
      firstRow[c] = Math.min(firstRow[c], points[p]);
    }
    Integer[] order = new Integer[k]; // k is small: boxing here is off the hot path
    for (int c = 0; c < k; c++) order[c] = c;
    Arrays.sort(order, (a, b) -> size[a] != size[b] ? Integer.compare(size[b], size[a]) : Integer.compare(firstRow[a], firstRow[b]));
    int[] newId = new int[k];
    float[] sorted = new float[k * d];
    for (int c = 0; c < k; c++) {
      newId[order[c]] = c;
      System.arraycopy(centroids, order[c] * d, sorted, c * d, d);
    }
    int[] assignment = new int[itemCount];
    Arrays.fill(assignment, InterestClusters.UNASSIGNED);
    for (int p = 0; p < points.length; p++) assignment[points[p]] = newId[assign[p]];
    return new InterestClusters(k, d, assignment, sorted);
  }
}
