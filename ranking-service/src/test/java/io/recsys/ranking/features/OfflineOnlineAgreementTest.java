package io.recsys.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineOnlineAgreementTest {
  private final FeatureTestData data = new FeatureTestData(11, 60, 40, 15, 8);

  @Test
  void replayAtAMomentAndSnapshotOfTheEventsBeforeItGiveIdenticalFeatures() {
    Dataset all = data.dataset();
    UserSequences sequences = FeatureTestData.sequences(all);
    RankerTables tables = RankerTables.build(all, sequences, data.vectors, data.clusters, RankerTables.DEFAULT_MAX_CATEGORIES);
    RankingFeatures features = new RankingFeatures(tables);
    int checked = 0;
    int impressions = 0;
    for (String userId : new String[] {"u3", "u17", "u42"}) {
      int u = all.users().indexOf(userId);
      int position = sequences.length(u) - 2;
      long now = sequences.timestamp(u, position);
      CandidateView[] candidates = candidates(all.items().size());

      // Offline: the replay strictly before `now`, the user's sequence before the position.
      Inputs offline = new Inputs(features, candidates.length);
      new PointInTimeReplay(all, sequences).run(new long[] {now}, (q, state) -> {
        ItemCounters[] counters = new ItemCounters[candidates.length];
        for (int j = 0; j < candidates.length; j++) counters[j] = state.counters(candidates[j].item(), now);
        features.assemble(UserView.ofSequence(sequences, u, position), candidates, candidates.length, state, counters, now,
            offline.dense, offline.target, offline.behaviours, offline.mask);
      });

      // Online: a snapshot built from the events before `now`, the store's raw history (newest
      // first, impressions and repeats included) and counters as of `now`.
      Dataset before = all.filter(r -> all.timestampMillis(r) < now);
      PointInTimeReplay servingReplay = new PointInTimeReplay(before, FeatureTestData.sequences(before));
      RankingFeatures serving = new RankingFeatures(tables.withStats(servingReplay.freeze()));
      ItemCounters[] counters = new ItemCounters[candidates.length];
      for (int j = 0; j < candidates.length; j++) counters[j] = servingReplay.counters(candidates[j].item(), now);
      List<HistoryEntry> history = new ArrayList<>();
      for (int r = 0; r < all.size(); r++) {
        if (all.userIndex(r) == u && all.timestampMillis(r) < now) {
          history.add(new HistoryEntry(all.items().id(all.itemIndex(r)), all.type(r), all.timestampMillis(r)));
        }
      }
      history.sort(Comparator.comparingLong(HistoryEntry::timestampMillis).reversed());
      for (HistoryEntry h : history) if (h.type() == InteractionType.IMPRESSION) impressions++;
      Inputs online = new Inputs(serving, candidates.length);
      serving.assemble(UserView.ofHistory(history, serving.tables(), now), candidates, candidates.length,
          serving.tables().stats(), counters, now, online.dense, online.target, online.behaviours, online.mask);

      assertThat(serving.schemaVersion()).isEqualTo(features.schemaVersion());
      assertThat(online.dense).as("dense features of " + userId).containsExactly(offline.dense);
      assertThat(online.target).containsExactly(offline.target);
      assertThat(online.behaviours).containsExactly(offline.behaviours);
      assertThat(online.mask).containsExactly(offline.mask);
      checked += nonZero(offline.dense, features.names().indexOf("trans.logWindowSum"), features.denseDim());
      checked += nonZero(offline.dense, features.names().indexOf("pop.logDecayed7d"), features.denseDim());
    }
    assertThat(impressions).as("raw histories hold impressions the sequence view drops").isPositive();
    assertThat(checked).as("transition and popularity features must be exercised, not all zero").isGreaterThan(10);
  }

  private static CandidateView[] candidates(int items) {
    CandidateView[] c = new CandidateView[12];
    for (int j = 0; j < c.length; j++) {
      c[j] = new CandidateView(j * 3 % items, 1f / (j + 1), j, FeatureTestData.sources(0.1f * j, 5f * j));
    }
    return c;
  }

  private static int nonZero(float[] dense, int column, int d) {
    int k = 0;
    for (int o = column; o < dense.length; o += d) if (dense[o] != 0f) k++;
    return k;
  }

  private static final class Inputs {
    final float[] dense, target, behaviours, mask;

    Inputs(RankingFeatures f, int n) {
      dense = new float[n * f.denseDim()];
      target = new float[n * f.embeddingDim()];
      behaviours = new float[f.sequenceLength() * f.embeddingDim()];
      mask = new float[f.sequenceLength()];
      Arrays.fill(dense, Float.NaN); // every slot must be written
    }
  }
}
