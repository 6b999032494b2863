package io.recsys.ranking.features;

import io.recsys.featurestore.store.ItemCounters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ranker's feature schema: the ordered dense feature names, their count D, the behaviour
 * sequence length L and embedding size E, and a {@link #schemaVersion()} that changes whenever any of
 * them (or the category vocabulary) does, so the service can refuse a model trained on another
 * schema. The features themselves are computed by one {@link FeatureAssembler}, used both by
 * training ({@link TrainingExampleReader}) and by serving, so train and serve share the code.
 *
 * <p>Dense features, raw (standardisation is {@link FeatureScaler}'s job), in this order:
 * <ul>
 *   <li>retrieval: fused score, rank / candidate count, and per source of {@link #SOURCES}: found (0/1)
 *       and score (0 when not found; popular's as log1p);
 *   <li>popularity ({@link ItemStats}): log1p total engagements, log1p 7-day decayed engagements,
 *       log1p days since first seen;
 *   <li>live counters: log1p decayed clicks, log1p decayed purchases, CTR;
 *   <li>transitions T[b][t] from the newest three history items: log1p of each, log1p of the
 *       heuristic 1·T1 + 0.5·T2 + 0.25·T3, log1p of the sum over the L newest items;
 *   <li>similarity (unit vectors): cosine to the newest item, max and mean cosine over the L newest,
 *       cosine to their normalised mean;
 *   <li>interests (the user's recency-decayed share of history per cluster, weights w_c): share of the
 *       candidate's cluster, Σ w_c·cos(t, centroid_c), max cos(t, centroid_c) over clusters with
 *       w_c ≥ {@link FeatureConfig#interestMinWeight()};
 *   <li>categories: share of the L newest items sharing a category with the candidate, then the
 *       candidate's category multi-hot in vocabulary order;
 *   <li>user: log1p history length, log1p hours since the newest history entry;
 *   <li>context: sin/cos of the hour of day and of the day of week of {@code now} (UTC).
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #assemble} uses one {@link FeatureAssembler} per calling
 * thread; callers that manage threads themselves can hold their own from {@link #newAssembler()}.
 */
public final class RankingFeatures {
  /** The retrieval sources with per-source features, in feature order (the candidate stage's names). */
  public static final List<String> SOURCES = List.of("knn-embed", "pi2i", "popular", "single-vector");
  /** Index of the source whose score is a count (log1p'd). */
  static final int POPULAR_SOURCE = SOURCES.indexOf("popular");
  /** Version prefix of {@link #schemaVersion()}; bump when a feature's definition changes without its name. */
  public static final String SCHEMA_PREFIX = "rf1-";

  /**
   * The features whose value depends on how long before the request the user's and the items' events
   * happened: decayed popularity and counters, days since first seen, hours since the user's last
   * event, hour and weekday. Training examples are scored right after the previous event, so a
   * request a month after a user's last event puts them outside everything the model saw; the ranker
   * command leaves them out by default (comma-separated, as its option takes them).
   */
  public static final String REQUEST_TIME_FEATURES =
      "pop.logDecayed7d,pop.logDaysSinceFirstSeen,live.logDecayedClicks,live.logDecayedPurchases,user.logHoursSinceLast,ctx.";

  private final RankerTables tables;
  private final FeatureConfig config;
  private final List<String> names;
  private final String schemaVersion;
  private final ThreadLocal<FeatureAssembler> perThread;

  public RankingFeatures(RankerTables tables, FeatureConfig config) {
    this.tables = tables;
    this.config = config;
    List<String> n = new ArrayList<>();
    n.add("retrieval.score");
    n.add("retrieval.rankShare");
    for (String s : SOURCES) {
      n.add("source." + s + ".found");
      n.add(s.equals("popular") ? "source." + s + ".logScore" : "source." + s + ".score");
    }
    n.add("pop.logTotal");
    n.add("pop.logDecayed7d");
    n.add("pop.logDaysSinceFirstSeen");
    n.add("live.logDecayedClicks");
    n.add("live.logDecayedPurchases");
    n.add("live.ctr");
    n.add("trans.logLast1");
    n.add("trans.logLast2");
    n.add("trans.logLast3");
    n.add("trans.logHeuristic");
    n.add("trans.logWindowSum");
    n.add("sim.last");
    n.add("sim.max");
    n.add("sim.mean");
    n.add("sim.meanVector");
    n.add("interest.clusterShare");
    n.add("interest.mixtureCos");
    n.add("interest.maxActiveCos");
    n.add("cat.overlapShare");
    for (String c : tables.categories()) n.add("cat.is." + c);
    n.add("user.logHistoryLength");
    n.add("user.logHoursSinceLast");
    n.add("ctx.hourSin");
    n.add("ctx.hourCos");
    n.add("ctx.weekdaySin");
    n.add("ctx.weekdayCos");
    this.names = List.copyOf(n);
    if (names.size() != FeatureAssembler.denseDimFor(tables.categories().size())) {
      throw new IllegalStateException("feature names (" + names.size() + ") and the assembler's layout ("
          + FeatureAssembler.denseDimFor(tables.categories().size()) + ") disagree");
    }
    this.schemaVersion = SCHEMA_PREFIX + hash(names, config.sequenceLength(), tables.dim(), tables.categories());
    this.perThread = ThreadLocal.withInitial(this::newAssembler);
  }

  public RankingFeatures(RankerTables tables) {
    this(tables, FeatureConfig.defaults());
  }

  /** The dense feature names, in column order. */
  public List<String> names() {
    return names;
  }

  /** D. */
  public int denseDim() {
    return names.size();
  }

  /** E. */
  public int embeddingDim() {
    return tables.dim();
  }

  /** L. */
  public int sequenceLength() {
    return config.sequenceLength();
  }

  public FeatureConfig config() {
    return config;
  }

  public RankerTables tables() {
    return tables;
  }

  /** "rf1-" + 12 hex digits of SHA-256 over the names, L, E and the category vocabulary. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** A new assembler with its own scratch space (not thread-safe: one per thread). */
  public FeatureAssembler newAssembler() {
    return new FeatureAssembler(this);
  }

  /**
   * Computes the features of {@code n} candidates of one user at {@code now}; see
   * {@link FeatureAssembler#assemble}. Thread-safe (one assembler per calling thread).
   */
  public void assemble(UserView user, CandidateView[] candidates, int n, ItemStats stats, ItemCounters[] counters, long now,
      float[] denseOut, float[] targetOut, float[] behavioursOut, float[] maskOut) {
    perThread.get().assemble(user, candidates, n, stats, counters, now, denseOut, targetOut, behavioursOut, maskOut);
  }

  private static String hash(List<String> names, int l, int e, List<String> vocabulary) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      StringBuilder sb = new StringBuilder();
      for (String s : names) sb.append(s).append('\n');
      sb.append("L=").append(l).append("\nE=").append(e).append("\nvocabulary=");
      for (String c : vocabulary) sb.append(c).append('\u001f');
      byte[] digest = md.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is not available", ex);
    }
  }
}
