package io.recsys.ranking.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.ranking.api.RankRequest;
import io.recsys.ranking.api.RankResponse;
import io.recsys.ranking.features.CandidateView;
import io.recsys.ranking.features.FeatureConfig;
import io.recsys.ranking.features.FeatureScaler;
import io.recsys.ranking.features.RankerTables;
import io.recsys.ranking.features.RankingFeatures;
import io.recsys.ranking.features.UserView;
import io.recsys.ranking.model.MoeNetwork;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.onnx.OnnxScorer;
import io.recsys.ranking.onnx.OnnxScorerConfig;
import io.recsys.ranking.train.RankerArtifacts;
import io.recsys.ranking.train.RankerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ranker trained by the ranker stage on the fixture's world, loaded as the service loads it. */
class RankingModelTest {
  @TempDir static Path root;
  static RankerFixture.Published published;
  static ArtifactVersion version;
  static RankingModel model;

  @BeforeAll
  static void train() throws Exception {
    published = RankerFixture.trainAndPublish(root);
    ArtifactStore store = published.store();
    version = store.current(RankerArtifacts.RANKER);
    model = new RankingModelLoader().load(version);
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  static long now() {
    return RankerFixture.T0 + 30L * 86_400_000;
  }

  /** A history of {@code n} items of one cluster, newest first. */
  static List<HistoryEntry> historyOf(int cluster, int n) {
    List<HistoryEntry> h = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      h.add(new HistoryEntry("i" + (cluster + RankerFixture.CLUSTERS * k), InteractionType.RATING, now() - 1000L * (k + 1)));
    }
    return h;
  }

  static List<RankRequest.Candidate> candidates(String... ids) {
    List<RankRequest.Candidate> out = new ArrayList<>();
    for (String id : ids) out.add(new RankRequest.Candidate(id, 0.5, List.of("knn-embed:cluster-0"), Map.of("knn-embed", 0.5)));
    return out;
  }

  static List<RankRequest.Candidate> unseenOfEveryCluster() {
    List<String> ids = new ArrayList<>();
    for (int i = 30; i < RankerFixture.ITEMS; i++) ids.add("i" + i);
    return candidates(ids.toArray(String[]::new));
  }

  @Test
  void ranksItemsOfTheUsersTasteAboveTheOthers() {
    for (int taste = 0; taste < RankerFixture.CLUSTERS; taste++) {
      Ranked r = model.rank(new RankInput("new-user", historyOf(taste, 8), unseenOfEveryCluster(), null, now()));
      double same = 0, other = 0;
      int nSame = 0, nOther = 0;
      for (RankResponse.Item item : r.items()) {
        if (RankerFixture.clusterOf(Integer.parseInt(item.itemId().substring(1))) == taste) {
          same += item.score();
          nSame++;
        } else {
          other += item.score();
          nOther++;
        }
      }
      assertThat(same / nSame).as("mean score of taste %d's items vs the others'", taste).isGreaterThan(other / nOther);
    }
  }

  @Test
  void returnsCalibratedProbabilitiesBestFirstWithEngageNeverAboveClick() {
    Ranked r = model.rank(new RankInput("u1", historyOf(1, 5), unseenOfEveryCluster(), null, now()));
    assertThat(r.items()).hasSize(RankerFixture.ITEMS - 30);
    assertThat(r.modelVersion()).isEqualTo(version.name());
    double previous = Double.POSITIVE_INFINITY;
    for (RankResponse.Item item : r.items()) {
      double click = item.tasks().get(RankingModel.CLICK), engage = item.tasks().get(RankingModel.ENGAGE);
      assertThat(click).isBetween(0.0, 1.0);
      assertThat(engage).isBetween(0.0, click);
      assertThat(item.score()).isCloseTo(click + 0.5 * engage, within(1e-12)).isLessThanOrEqualTo(previous);
      previous = item.score();
    }
  }

  @Test
  void dropsUnknownCandidatesAndListsThem() {
    Ranked r = model.rank(new RankInput("u1", historyOf(0, 3), candidates("i3", "nope", "i4", "gone"), null, now()));
    assertThat(r.items()).extracting(RankResponse.Item::itemId).containsExactlyInAnyOrder("i3", "i4");
    assertThat(r.unknownItemIds()).containsExactly("nope", "gone");
  }

  @Test
  void noCandidatesGiveAnEmptyList() {
    Ranked r = model.rank(new RankInput("u1", historyOf(0, 3), List.of(), null, now()));
    assertThat(r.items()).isEmpty();
    assertThat(r.unknownItemIds()).isEmpty();
  }

  @Test
  void liveCountersAndNoHistoryAreScoredToo() {
    List<RankRequest.Candidate> cs = candidates("i1", "i2", "i3");
    ItemCounters[] counters = {new ItemCounters(10, 5, 0, 0, 1, 10, 5, 0, 0, 1), null, ItemCounters.NONE};
    Ranked r = model.rank(new RankInput("new", List.of(), cs, counters, now()));
    assertThat(r.items()).hasSize(3);
    for (RankResponse.Item item : r.items()) assertThat(item.score()).isFinite();
  }

  /**
   * ONNX Runtime's outputs equal the Java forward pass within 1e-5 on real inputs: the features this
   * service assembles for fixture users (with and without history), scaled, scored by the exported
   * graph and by {@link MoeNetwork} on the same parameters.
   */
  @Test
  void onnxRuntimeMatchesTheJavaForwardPassOnRealInputs() throws Exception {
    MoeParameters p = MoeParameters.read(version.file(RankerArtifacts.PARAMETERS_FILE));
    RankerTables tables = RankerTables.read(version.path());
    RankingFeatures features = new RankingFeatures(tables, FeatureConfig.defaults().withSequenceLength(p.architecture().sequenceLength()));
    FeatureScaler scaler = FeatureScaler.read(version.path());
    int n = 40, d = features.denseDim(), e = features.embeddingDim(), l = features.sequenceLength();
    CandidateView[] views = new CandidateView[n];
    for (int j = 0; j < n; j++) {
      float[] s = CandidateView.noSources();
      s[0] = j / (float) n;
      views[j] = new CandidateView(tables.row("i" + (j % RankerFixture.ITEMS)), 1f - j / (float) n, j, s);
    }
    double worst = 0;
    try (OnnxScorer onnx = OnnxScorer.load(version.file(RankerArtifacts.MODEL_FILE), p.architecture(), OnnxScorerConfig.defaults())) {
      for (List<HistoryEntry> history : List.of(historyOf(0, 12), historyOf(2, 3), List.<HistoryEntry>of())) {
        float[] dense = new float[n * d], target = new float[n * e], behaviours = new float[l * e], mask = new float[l];
        UserView user = UserView.ofHistory(history, tables, now());
        features.assemble(user, views, n, tables.stats(), null, now(), dense, target, behaviours, mask);
        scaler.apply(dense, n);
        float[] c1 = new float[n], e1 = new float[n], c2 = new float[n], e2 = new float[n];
        MoeNetwork.score(p, behaviours, mask, dense, target, n, c1, e1);
        onnx.score(behaviours, mask, dense, target, n, c2, e2);
        for (int j = 0; j < n; j++) {
          worst = Math.max(worst, Math.max(Math.abs(c1[j] - c2[j]), Math.abs(e1[j] - e2[j])));
          assertThat(c2[j]).as("click of candidate %d, history %d", j, history.size()).isCloseTo(c1[j], within(1e-5f));
          assertThat(e2[j]).as("engage of candidate %d, history %d", j, history.size()).isCloseTo(e1[j], within(1e-5f));
        }
      }
    }
    System.out.printf("ONNX Runtime vs Java forward pass on real inputs: largest difference %.3g%n", worst);
  }
}
