package io.recsys.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.dataset.Dataset;
import io.recsys.featurestore.store.ItemCounters;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeatureAssemblerTest {
  private final FeatureTestData data = new FeatureTestData(5, 30, 25, 10, 6);
  private final Dataset dataset = data.dataset();
  private final RankerTables tables = RankerTables.build(dataset, FeatureTestData.sequences(dataset), data.vectors, data.clusters, 20);
  private final RankingFeatures features = new RankingFeatures(tables, FeatureConfig.defaults().withSequenceLength(4));
  private final int d = features.denseDim(), e = features.embeddingDim(), l = features.sequenceLength();

  private float feature(float[] dense, int candidate, String name) {
    int f = features.names().indexOf(name);
    assertThat(f).as(name).isNotNegative();
    return dense[candidate * d + f];
  }

  @Test
  void unknownItemsAndEmptyHistoryGiveFiniteZeros() {
    CandidateView[] c = {new CandidateView(-1, 0.3f, 0, CandidateView.noSources()),
        new CandidateView(tables.row("i1"), 0.2f, 1, CandidateView.noSources())};
    UserView unknownOnly = new UserView(new int[] {-1, -1}, new long[] {10, 5}, 2);
    for (UserView user : new UserView[] {UserView.EMPTY, unknownOnly}) {
      float[] dense = new float[2 * d], target = new float[2 * e], beh = new float[l * e], mask = new float[l];
      java.util.Arrays.fill(beh, 9f);
      java.util.Arrays.fill(mask, 9f);
      features.assemble(user, c, 2, tables.stats(), null, FeatureTestData.T0, dense, target, beh, mask);
      for (float x : dense) assertThat(Float.isFinite(x)).isTrue();
      assertThat(beh).containsOnly(0f);
      assertThat(mask).containsOnly(0f);
      for (int k = 0; k < e; k++) assertThat(target[k]).isZero();
      for (String name : features.names()) {
        if (name.startsWith("pop.") || name.startsWith("trans.") || name.startsWith("sim.") || name.startsWith("interest.")
            || name.startsWith("cat.") || name.startsWith("live.")) {
          assertThat(feature(dense, 0, name)).as("unknown item: " + name).isZero();
        }
        if (name.startsWith("trans.") || name.startsWith("sim.") || name.startsWith("interest.") || name.equals("cat.overlapShare")) {
          assertThat(feature(dense, 1, name)).as("no known history: " + name).isZero();
        }
      }
      assertThat(feature(dense, 1, "pop.logTotal")).as("a known item keeps its popularity").isPositive();
      assertThat(feature(dense, 0, "source.knn-embed.found")).isZero();
    }
  }

  @Test
  void retrievalContextAndSequenceFeaturesFollowTheirDefinitions() {
    int a = tables.row("i0"), b = tables.row("i1"), x = tables.row("i2"), target = tables.row("i3");
    // Monday 2024-01-01 06:00 UTC: hour 6 (sin = 1), weekday 0 + 0.25 of a day.
    long now = Instant.parse("2024-01-01T06:00:00Z").toEpochMilli();
    UserView user = new UserView(new int[] {a, -1, b, x, a}, new long[] {now - 2 * 3_600_000L, now - 5, now - 10, now - 20, now - 30}, 5);
    float[] s = FeatureTestData.sources(0.7f, 99f);
    CandidateView[] c = {new CandidateView(target, 0.5f, 0, s), new CandidateView(a, 0.25f, 3, s)};
    ItemCounters[] counters = {new ItemCounters(10, 4, 0, 0, 1, 10, 4, 0, 0, 1), null};
    float[] dense = new float[2 * d], tv = new float[2 * e], beh = new float[l * e], mask = new float[l];
    features.assemble(user, c, 2, tables.stats(), counters, now, dense, tv, beh, mask);

    assertThat(feature(dense, 1, "retrieval.rankShare")).isEqualTo(1.5f);
    assertThat(feature(dense, 0, "source.knn-embed.found")).isEqualTo(1f);
    assertThat(feature(dense, 0, "source.knn-embed.score")).isEqualTo(0.7f);
    assertThat(feature(dense, 0, "source.pi2i.found")).isZero();
    assertThat(feature(dense, 0, "source.popular.logScore")).isEqualTo((float) Math.log1p(99));
    assertThat(feature(dense, 0, "live.ctr")).isEqualTo(0.4f);
    assertThat(feature(dense, 0, "live.logDecayedClicks")).isEqualTo((float) Math.log1p(4));
    assertThat(feature(dense, 0, "ctx.hourSin")).isCloseTo(1f, within(1e-6f));
    assertThat(feature(dense, 0, "ctx.weekdaySin")).isCloseTo((float) Math.sin(2 * Math.PI * 0.25 / 7), within(1e-6f));
    assertThat(feature(dense, 0, "user.logHistoryLength")).isEqualTo((float) Math.log1p(5));
    assertThat(feature(dense, 0, "user.logHoursSinceLast")).isCloseTo((float) Math.log1p(2), within(1e-6f));

    // Behaviours: the known items newest first (the unknown one skipped), L = 4 of them.
    assertThat(mask).containsExactly(1f, 1f, 1f, 1f);
    float[] v = new float[e];
    tables.copyVector(b, v, 0);
    for (int k = 0; k < e; k++) assertThat(beh[e + k]).isEqualTo(v[k]);
    // The candidate equal to the newest behaviour has cosine 1 to it.
    assertThat(feature(dense, 1, "sim.last")).isCloseTo(1f, within(1e-5f));
    assertThat(feature(dense, 1, "sim.max")).isCloseTo(1f, within(1e-5f));

    int t1 = tables.stats().transitions(a, target), t2 = tables.stats().transitions(b, target), t3 = tables.stats().transitions(x, target);
    assertThat(feature(dense, 0, "trans.logLast1")).isEqualTo((float) Math.log1p(t1));
    assertThat(feature(dense, 0, "trans.logHeuristic")).isEqualTo((float) Math.log1p(t1 + 0.5 * t2 + 0.25 * t3));
    assertThat(feature(dense, 0, "trans.logWindowSum")).isEqualTo((float) Math.log1p(t1 + t2 + t3 + t1));
  }

  @Test
  void schemaVersionIsStableAndFollowsTheShape() {
    RankingFeatures same = new RankingFeatures(tables, FeatureConfig.defaults().withSequenceLength(4));
    RankingFeatures longer = new RankingFeatures(tables, FeatureConfig.defaults());
    assertThat(same.schemaVersion()).isEqualTo(features.schemaVersion()).matches("rf1-[0-9a-f]{12}");
    assertThat(longer.schemaVersion()).isNotEqualTo(features.schemaVersion());
    assertThat(features.denseDim()).isEqualTo(features.names().size()).isEqualTo(35 + tables.categories().size());
  }
}
