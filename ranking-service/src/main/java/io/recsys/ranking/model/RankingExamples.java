package io.recsys.ranking.model;

/**
 * Training or validation examples in the layout the network reads: per query (one user at one moment:
 * the behaviour sequence that was known then) and per candidate of a query (its features and labels).
 * Behaviours are stored once per query, not per candidate: a query has about a hundred candidates.
 *
 * <p>Arrays are row-major and owned by this object after construction (callers must not change
 * them); instances are immutable and thread-safe to read.
 *
 * @param denseDim D
 * @param embeddingDim E
 * @param sequenceLength L
 * @param queryUser per query, the user's index in the dataset (for per-user analyses)
 * @param queryTime per query, the moment it describes, epoch millis (temporal splits)
 * @param behaviours per query, L behaviour embeddings of E floats, newest first, zeros where padded: [Q*L*E]
 * @param behaviourMask per query, 1 for a real behaviour, 0 for padding: [Q*L]
 * @param query per candidate, its query index: [N]
 * @param dense per candidate, standardised dense features: [N*D]
 * @param target per candidate, its item embedding: [N*E]
 * @param click per candidate, 1 when the user engaged with it at that moment (y ≥ 1), else 0
 * @param engage per candidate, 1 for the deeper level (y ≥ 2: purchase, or a high rating), else 0; never above click
 * @param weight per candidate, its loss weight (IPS; 1 when unweighted), > 0
 */
public record RankingExamples(int denseDim, int embeddingDim, int sequenceLength, int[] queryUser, long[] queryTime,
    float[] behaviours, float[] behaviourMask, int[] query, float[] dense, float[] target, float[] click,
    float[] engage, float[] weight) {

  public RankingExamples {
    int q = queryUser.length, n = query.length;
    check(queryTime.length == q, "queryTime", queryTime.length, q);
    check(behaviours.length == (long) q * sequenceLength * embeddingDim, "behaviours", behaviours.length,
        (long) q * sequenceLength * embeddingDim);
    check(behaviourMask.length == (long) q * sequenceLength, "behaviourMask", behaviourMask.length, (long) q * sequenceLength);
    check(dense.length == (long) n * denseDim, "dense", dense.length, (long) n * denseDim);
    check(target.length == (long) n * embeddingDim, "target", target.length, (long) n * embeddingDim);
    check(click.length == n, "click", click.length, n);
    check(engage.length == n, "engage", engage.length, n);
    check(weight.length == n, "weight", weight.length, n);
    for (int i = 0; i < n; i++) {
      if (query[i] < 0 || query[i] >= q) throw new IllegalArgumentException("candidate " + i + " names query " + query[i] + " of " + q);
      if (engage[i] > click[i]) throw new IllegalArgumentException("candidate " + i + ": engage above click (levels are ordered)");
      if (!(weight[i] > 0) || !Float.isFinite(weight[i])) throw new IllegalArgumentException("candidate " + i + ": weight " + weight[i]);
    }
  }

  public int queries() {
    return queryUser.length;
  }

  public int size() {
    return query.length;
  }

  /** The examples of the given queries (in the given order), re-numbered. */
  public RankingExamples subset(int[] queries) {
    int l = sequenceLength, e = embeddingDim, d = denseDim;
    int[] newIndex = new int[queryUser.length];
    java.util.Arrays.fill(newIndex, -1);
    for (int i = 0; i < queries.length; i++) newIndex[queries[i]] = i;
    int n = 0;
    for (int c = 0; c < query.length; c++) if (newIndex[query[c]] >= 0) n++;
    int[] qu = new int[queries.length];
    long[] qt = new long[queries.length];
    float[] b = new float[queries.length * l * e];
    float[] bm = new float[queries.length * l];
    for (int i = 0; i < queries.length; i++) {
      int src = queries[i];
      qu[i] = queryUser[src];
      qt[i] = queryTime[src];
      System.arraycopy(behaviours, src * l * e, b, i * l * e, l * e);
      System.arraycopy(behaviourMask, src * l, bm, i * l, l);
    }
    int[] qq = new int[n];
    float[] dd = new float[n * d], tt = new float[n * e], cl = new float[n], en = new float[n], w = new float[n];
    // Candidates in the order of the queries given, each query's candidates in their original order.
    int[][] byQuery = candidatesByQuery();
    int k = 0;
    for (int i = 0; i < queries.length; i++) {
      for (int c : byQuery[queries[i]]) {
        qq[k] = i;
        System.arraycopy(dense, c * d, dd, k * d, d);
        System.arraycopy(target, c * e, tt, k * e, e);
        cl[k] = click[c];
        en[k] = engage[c];
        w[k] = weight[c];
        k++;
      }
    }
    return new RankingExamples(d, e, l, qu, qt, b, bm, qq, dd, tt, cl, en, w);
  }

  /** For each query, the indices of its candidates in order. */
  public int[][] candidatesByQuery() {
    int[] counts = new int[queryUser.length];
    for (int q : query) counts[q]++;
    int[][] out = new int[queryUser.length][];
    for (int q = 0; q < out.length; q++) out[q] = new int[counts[q]];
    int[] fill = new int[queryUser.length];
    for (int c = 0; c < query.length; c++) out[query[c]][fill[query[c]]++] = c;
    return out;
  }

  /** The same examples with other weights (IPS on/off). */
  public RankingExamples withWeights(float[] newWeights) {
    return new RankingExamples(denseDim, embeddingDim, sequenceLength, queryUser, queryTime, behaviours, behaviourMask,
        query, dense, target, click, engage, newWeights);
  }

  private static void check(boolean ok, String name, long got, long expected) {
    if (!ok) throw new IllegalArgumentException(name + " has " + got + " values, expected " + expected);
  }
}
