package io.recsys.candidate.retrieve;

import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.index.Neighbours;
import io.recsys.candidate.interest.BudgetAllocator;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.candidate.interest.InterestMixtures;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.featurestore.store.InterestMixtureRule;

/**
 * kNN-Embed mixture retrieval (METHODS.md §1): the user is a mixture over interest clusters; each
 * component with a share of the budget gets one ANN query inside its cluster, the share proportional
 * to its weight with a floor ({@link BudgetAllocator}), so every interest the user has is represented
 * instead of the dominant one taking all of K.
 *
 * <p>The mixture is the feature store's (kept fresh by ingestion) when it fits the model's clustering,
 * else one computed from the request's history, else — a cold user — the clusters' shares of the
 * catalogue's popularity. A component's query is, by default, the user's fold-in vector searched inside
 * that cluster (METHODS step 5); a cold user queries the cluster centroid. The alternatives
 * ({@link ComponentQuery}) were measured on MovieLens 100K and lost (module README). A component whose
 * cluster runs dry hands its unused budget to the others. Stateless; thread-safe.
 */
public final class KnnEmbedSource implements CandidateSource {
  /** Newest items per cluster averaged into that component's query. */
  public static final int DEFAULT_ITEMS_PER_COMPONENT = 20;

  /** What a component's ANN query is. */
  public enum ComponentQuery {
    /** The normalised mean of the user's newest items in the cluster (fold-in vector where there are none). */
    CLUSTER_MEAN,
    /** The user's fold-in vector, searched inside the cluster (METHODS §1, step 5). */
    USER_VECTOR,
    /** The normalised sum of both: the user's overall taste, pulled toward what they liked in this cluster. */
    BLEND
  }

  private final int floor;
  private final float minWeight;
  private final int itemsPerComponent;
  private final ComponentQuery queryMode;

  /**
   * @param floor smallest share of K a represented component gets
   * @param minWeight components lighter than this get no query
   */
  public KnnEmbedSource(int floor, float minWeight, int itemsPerComponent) {
    this(floor, minWeight, itemsPerComponent, ComponentQuery.USER_VECTOR);
  }

  public KnnEmbedSource(int floor, float minWeight, int itemsPerComponent, ComponentQuery queryMode) {
    if (floor < 0) throw new IllegalArgumentException("floor must be >= 0: " + floor);
    if (!(minWeight >= 0 && minWeight < 1)) throw new IllegalArgumentException("minWeight must be in [0, 1): " + minWeight);
    if (itemsPerComponent < 1) throw new IllegalArgumentException("itemsPerComponent must be >= 1: " + itemsPerComponent);
    this.floor = floor;
    this.minWeight = minWeight;
    this.itemsPerComponent = itemsPerComponent;
    this.queryMode = java.util.Objects.requireNonNull(queryMode, "queryMode");
  }

  @Override
  public String name() {
    return "knn-embed";
  }

  @Override
  public String tag(int detail, RetrievalContext context) {
    return "knn-embed:cluster-" + detail;
  }

  /** The mixture a request uses (see the class comment for the order of preference). */
  public static float[] mixture(CandidateModel model, UserState user) {
    InterestClusters clusters = model.clusters();
    int k = clusters.clusterCount();
    float[] stored = user.storedMixture();
    if (stored != null && InterestMixtureRule.fits(stored, k)) return stored;
    if (!user.isCold()) {
      float[] fromHistory = InterestMixtures.forHistory(user.rows(), user.times(), user.historySize(), user.nowMillis(),
          clusters, model.mixtureConfig());
      if (fromHistory != null) return fromHistory;
    }
    float[] w = new float[k];
    float[] pop = model.popularity().scores();
    int[] clusterOf = model.clusterOfRow();
    for (int i = 0; i < pop.length; i++) if (clusterOf[i] >= 0) w[clusterOf[i]] += pop[i] + 1e-3f;
    double sum = 0;
    for (float x : w) sum += x;
    for (int c = 0; c < k; c++) w[c] = (float) (w[c] / sum);
    return w;
  }

  @Override
  public SourceResult fetch(RetrievalContext context, int k) {
    CandidateModel model = context.model();
    UserState user = context.user();
    float[] mixture = mixture(model, user);
    int clusters = mixture.length;
    int[] want = BudgetAllocator.allocate(mixture, k, floor, minWeight);
    ItemIndex index = context.categories().isEmpty() ? model.mainIndex() : model.filteredIndex();
    int dim = model.vectors().dim();
    float[][] queries = new float[clusters][];
    float[] userVector = user.isCold() ? null : normalise(model.foldIn().userVector(user.rows(), user.historySize()));
    Neighbours[] found = new Neighbours[clusters];
    int[] got = new int[clusters];
    boolean[] exhausted = new boolean[clusters];

    // A component whose cluster runs out of (unseen, admitted, similar) items before its budget is
    // exhausted; its unused budget goes to the other components by weight, round after round, so the
    // source still returns k when the catalogue allows (small clusters and large k would otherwise
    // lose slots). Each round re-asks only the components whose budget grew.
    for (int round = 0; round <= clusters; round++) {
      for (int c = 0; c < clusters; c++) {
        if (exhausted[c] || want[c] <= got[c]) continue;
        if (queries[c] == null) queries[c] = query(model, user, c, userVector, dim);
        if (found[c] == null || found[c].capacity() < want[c]) found[c] = new Neighbours(want[c]);
        found[c].clear();
        index.search(queries[c], want[c], context.filter(c), found[c]);
        int positive = 0;
        // A non-positive cosine is no similarity at all (items never engaged in training have zero vectors).
        while (positive < found[c].size() && found[c].score(positive) > 0) positive++;
        got[c] = positive;
        if (positive < want[c]) exhausted[c] = true;
      }
      int total = 0;
      for (int c = 0; c < clusters; c++) total += Math.min(got[c], want[c]);
      int deficit = k - total;
      if (deficit <= 0) break;
      float[] open = new float[clusters];
      boolean any = false;
      for (int c = 0; c < clusters; c++) {
        if (exhausted[c]) {
          want[c] = got[c];
        } else {
          // Every open interest can take more, the lightest ones included: weight plus a small epsilon.
          open[c] = mixture[c] + 1e-6f;
          any = true;
        }
      }
      if (!any) break;
      int[] extra = BudgetAllocator.allocate(open, deficit, 0, 0f);
      for (int c = 0; c < clusters; c++) want[c] += extra[c];
    }

    SourceResult out = new SourceResult(name(), k);
    for (int c = 0; c < clusters; c++) {
      if (found[c] == null) continue;
      int n = Math.min(got[c], want[c]);
      for (int i = 0; i < n; i++) out.add(found[c].row(i), found[c].score(i), c);
    }
    out.sortByScore();
    out.truncate(k);
    return out;
  }

  /** Component {@code c}'s query (see {@link ComponentQuery}); the centroid for a cold user. */
  private float[] query(CandidateModel model, UserState user, int c, float[] userVector, int dim) {
    float[] query = new float[dim];
    if (userVector == null) {
      System.arraycopy(model.clusters().centroid(c), 0, query, 0, dim);
      return query;
    }
    boolean hasMean = queryMode != ComponentQuery.USER_VECTOR && componentQuery(model, user, c, query);
    if (!hasMean) {
      System.arraycopy(userVector, 0, query, 0, dim);
    } else if (queryMode == ComponentQuery.BLEND) {
      for (int j = 0; j < dim; j++) query[j] += userVector[j];
      normaliseInPlace(query);
    }
    return query;
  }

  /** Normalised mean of the user's newest items in cluster {@code c}; false when the user has none there. */
  private boolean componentQuery(CandidateModel model, UserState user, int c, float[] query) {
    java.util.Arrays.fill(query, 0);
    int used = 0;
    int[] rows = user.rows();
    int[] clusterOf = model.clusterOfRow();
    float[] data = model.vectors().data();
    int dim = query.length;
    for (int i = 0; i < rows.length && used < itemsPerComponent; i++) {
      if (clusterOf[rows[i]] != c) continue;
      int off = rows[i] * dim;
      for (int j = 0; j < dim; j++) query[j] += data[off + j];
      used++;
    }
    if (used == 0) return false;
    normaliseInPlace(query);
    return true;
  }

  static float[] normalise(float[] v) {
    float[] out = v.clone();
    normaliseInPlace(out);
    return out;
  }

  static void normaliseInPlace(float[] v) {
    double n = 0;
    for (float x : v) n += (double) x * x;
    if (n == 0) return;
    float inv = (float) (1 / Math.sqrt(n));
    for (int j = 0; j < v.length; j++) v[j] *= inv;
  }
}
