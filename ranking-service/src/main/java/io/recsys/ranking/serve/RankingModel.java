package io.recsys.ranking.serve;

import io.recsys.featurestore.store.ItemCounters;
import io.recsys.ranking.api.RankRequest;
import io.recsys.ranking.api.RankResponse;
import io.recsys.ranking.features.CandidateView;
import io.recsys.ranking.features.FeatureScaler;
import io.recsys.ranking.features.RankerTables;
import io.recsys.ranking.features.RankingFeatures;
import io.recsys.ranking.features.UserView;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.onnx.OnnxScorer;
import io.recsys.ranking.train.PlattCalibration;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loaded ranker version: the feature tables, the scaler, the ONNX session and the calibrations.
 * {@link #rank} assembles every candidate's features (the code training used), scores them all in one
 * ONNX Runtime call, calibrates each task's probability and orders by
 * {@code P(click) + engageWeight · P(engage)}.
 *
 * <p><b>Thread safety:</b> thread-safe. Feature scratch space is per thread; the scorer pools its own.
 * The ONNX session is reference-counted: {@link #tryRetain()} before {@link #rank}, {@link #release()}
 * after (the {@link ModelRegistry} does this), so a hot swap closing this model never frees the
 * session under a request.
 */
public final class RankingModel implements AutoCloseable {
  public static final String CLICK = "click";
  public static final String ENGAGE = "engage";

  private final String version;
  private final ModelCard card;
  private final RankerTables tables;
  private final RankingFeatures features;
  private final FeatureScaler scaler;
  private final OnnxScorer scorer;
  private final PlattCalibration click, engage;
  private final double engageWeight;
  private final ThreadLocal<Scratch> scratch;

  RankingModel(String version, ModelCard card, RankingFeatures features, FeatureScaler scaler, OnnxScorer scorer,
      PlattCalibration click, PlattCalibration engage, double engageWeight) {
    this.version = version;
    this.card = card;
    this.tables = features.tables();
    this.features = features;
    this.scaler = scaler;
    this.scorer = scorer;
    this.click = click;
    this.engage = engage;
    this.engageWeight = engageWeight;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(features));
  }

  /** The artefact version this model was loaded from. */
  public String version() {
    return version;
  }

  public ModelCard card() {
    return card;
  }

  /** How many items the model knows. */
  public int itemCount() {
    return tables.itemCount();
  }

  /** Whether the model knows the item (an unknown candidate is dropped and listed). */
  public boolean knows(String itemId) {
    return tables.row(itemId) >= 0;
  }

  /** Takes a reference on the ONNX session; false once the model has been closed and freed. */
  public boolean tryRetain() {
    return scorer.tryRetain();
  }

  public void release() {
    scorer.release();
  }

  /**
   * Scores and orders the candidates. Unknown items are dropped and listed; no candidate gives an
   * empty list. The caller holds a reference ({@link #tryRetain()}) or owns the model.
   */
  public Ranked rank(RankInput in) {
    List<RankRequest.Candidate> cs = in.candidates();
    Scratch s = scratch.get();
    s.ensure(cs.size());
    List<String> unknown = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < cs.size(); i++) {
      RankRequest.Candidate c = cs.get(i);
      int row = tables.row(c.itemId());
      if (row < 0) {
        unknown.add(c.itemId());
        continue;
      }
      float[] sourceScores = s.sources[n];
      java.util.Arrays.fill(sourceScores, Float.NaN);
      for (Map.Entry<String, Double> e : c.sourceScores().entrySet()) {
        int k = RankingFeatures.SOURCES.indexOf(e.getKey());
        if (k >= 0 && e.getValue() != null) sourceScores[k] = e.getValue().floatValue();
      }
      // A source tag without a score counts as found with score 0, as training reads it.
      for (String tag : c.sources()) {
        int colon = tag.indexOf(':');
        int k = RankingFeatures.SOURCES.indexOf(colon < 0 ? tag : tag.substring(0, colon));
        if (k >= 0 && Float.isNaN(sourceScores[k])) sourceScores[k] = 0f;
      }
      float retrieval = Double.isNaN(c.score()) ? 0f : (float) c.score();
      s.views[n] = new CandidateView(row, retrieval, i, sourceScores);
      s.counters[n] = in.counters() == null ? null : in.counters()[i];
      s.index[n] = i;
      n++;
    }
    if (n == 0) return new Ranked(List.of(), unknown, version);

    UserView user = UserView.ofHistory(in.history(), tables, in.now());
    features.assemble(user, s.views, n, tables.stats(), s.counters, in.now(), s.dense, s.target, s.behaviours, s.mask);
    scaler.apply(s.dense, n);
    scorer.score(s.behaviours, s.mask, s.dense, s.target, n, s.click, s.engage);
    double[] score = s.score;
    for (int j = 0; j < n; j++) {
      double pc = click.applyToProbability(s.click[j]);
      double pe = Math.min(pc, engage.applyToProbability(s.engage[j]));
      s.pc[j] = pc;
      s.pe[j] = pe;
      score[j] = pc + engageWeight * pe;
      s.order[j] = j;
    }
    // Best first; ties keep the candidate stage's order (merge sort is stable).
    IntArrays.mergeSort(s.order, 0, n, (a, b) -> Double.compare(score[b], score[a]));
    List<RankResponse.Item> items = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int j = s.order[k];
      items.add(new RankResponse.Item(cs.get(s.index[j]).itemId(), score[j], Map.of(CLICK, s.pc[j], ENGAGE, s.pe[j])));
    }
    return new Ranked(items, unknown, version);
  }

  /** Gives up the model's own reference; the ONNX session is freed when the last request is done. */
  @Override
  public void close() {
    scorer.close();
  }

  /** Per-thread buffers, grown to the largest request seen. */
  private static final class Scratch {
    final int d, e;
    final float[] behaviours, mask;
    float[] dense = new float[0], target = new float[0], click = new float[0], engage = new float[0];
    double[] score = new double[0], pc = new double[0], pe = new double[0];
    int[] order = new int[0], index = new int[0];
    CandidateView[] views = new CandidateView[0];
    ItemCounters[] counters = new ItemCounters[0];
    float[][] sources = new float[0][];

    Scratch(RankingFeatures f) {
      d = f.denseDim();
      e = f.embeddingDim();
      behaviours = new float[f.sequenceLength() * e];
      mask = new float[f.sequenceLength()];
    }

    void ensure(int n) {
      if (views.length >= n) return;
      int cap = Math.max(n, views.length * 2);
      dense = new float[cap * d];
      target = new float[cap * e];
      click = new float[cap];
      engage = new float[cap];
      score = new double[cap];
      pc = new double[cap];
      pe = new double[cap];
      order = new int[cap];
      index = new int[cap];
      views = new CandidateView[cap];
      counters = new ItemCounters[cap];
      sources = new float[cap][RankingFeatures.SOURCES.size()];
    }
  }
}
