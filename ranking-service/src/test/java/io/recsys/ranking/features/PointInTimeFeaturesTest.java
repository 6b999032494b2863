package io.recsys.ranking.features;

import static io.recsys.ranking.features.FeatureTestData.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.ItemCounters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PointInTimeFeaturesTest {
  private final FeatureTestData data = new FeatureTestData(7, 40, 30, 12, 8);
  private Dataset base;
  private UserSequences baseSequences;
  private int user;
  private int position;
  private long moment;
  private String lastItem;
  private String candidate;

  @BeforeEach
  void chooseExample() {
    base = data.dataset();
    baseSequences = FeatureTestData.sequences(base);
    user = base.users().indexOf("u0");
    position = baseSequences.length(user) - 3;
    assertThat(position).as("u0 needs a history before the example").isGreaterThan(3);
    moment = baseSequences.timestamp(user, position);
    lastItem = base.items().id(baseSequences.item(user, position - 1));
    // A candidate the user has not met before the moment, and that other users engaged with before it.
    int[] seen = Arrays.copyOf(baseSequences.items(user), position);
    String chosen = null;
    for (int i = 0; i < data.items - 2 && chosen == null; i++) {
      int row = base.items().indexOf("i" + i);
      if (Arrays.stream(seen).noneMatch(s -> s == row)) chosen = "i" + i;
    }
    candidate = chosen;
  }

  @Test
  void laterEventsLeaveAnExamplesFeaturesBitIdentical() {
    float[] before = example(base);

    List<Interaction> rows = new ArrayList<>(data.interactions);
    long userEnd = baseSequences.timestamp(user, baseSequences.length(user) - 1);
    rows.add(new Interaction("u0", candidate, InteractionType.RATING, 5, userEnd + HOUR));
    rows.add(new Interaction("u0", "i" + (data.items - 1), InteractionType.PURCHASE, 1, userEnd + 2 * HOUR));
    // A transition out of the user's last item into the candidate, after the moment.
    rows.add(new Interaction("later-1", lastItem, InteractionType.RATING, 4, moment + HOUR));
    rows.add(new Interaction("later-1", candidate, InteractionType.CLICK, 1, moment + 2 * HOUR));
    // Many engagements with the candidate after the moment, and one exactly at it (not strictly before).
    for (int k = 0; k < 25; k++) {
      rows.add(new Interaction("later-crowd-" + k, candidate, k % 2 == 0 ? InteractionType.PURCHASE : InteractionType.CLICK, 1,
          moment + (k + 3) * HOUR));
    }
    rows.add(new Interaction("same-moment", candidate, InteractionType.RATING, 5, moment));
    // Interleave the additions with the original rows: file order must not matter either.
    List<Interaction> shuffled = new ArrayList<>(rows.subList(data.interactions.size(), rows.size()));
    List<Interaction> mixed = new ArrayList<>(data.interactions);
    for (int k = 0; k < shuffled.size(); k++) mixed.add(Math.min(mixed.size(), k * 7), shuffled.get(k));

    float[] after = example(data.dataset(mixed));

    assertThat(Arrays.equals(after, before)).as("features of the example after adding later events").isTrue();
  }

  @Test
  void anEarlierEventChangesTheFeatures() {
    float[] before = example(base);

    List<Interaction> rows = new ArrayList<>(data.interactions);
    rows.add(new Interaction("earlier-1", lastItem, InteractionType.RATING, 4, moment - 2 * HOUR));
    rows.add(new Interaction("earlier-1", candidate, InteractionType.RATING, 5, moment - HOUR));

    float[] after = example(data.dataset(rows));

    assertThat(Arrays.equals(after, before)).as("an engagement and a transition just before the moment must show").isFalse();
  }

  /** The raw inputs of one example (u0 at the chosen position; candidates: the target, the candidate, an unknown item). */
  private float[] example(Dataset d) {
    UserSequences sequences = FeatureTestData.sequences(d);
    RankerTables tables = RankerTables.build(d, sequences, data.vectors, data.clusters, RankerTables.DEFAULT_MAX_CATEGORIES);
    RankingFeatures features = new RankingFeatures(tables);
    int u = d.users().indexOf("u0");
    assertThat(sequences.timestamp(u, position)).isEqualTo(moment);
    CandidateView[] candidates = {
        new CandidateView(sequences.item(u, position), 0.9f, 0, FeatureTestData.sources(0.8f, 12f)),
        new CandidateView(d.items().indexOf(candidate), 0.5f, 1, FeatureTestData.sources(0.4f, Float.NaN)),
        new CandidateView(-1, 0.1f, 2, CandidateView.noSources())};
    int n = candidates.length, dd = features.denseDim(), e = features.embeddingDim(), l = features.sequenceLength();
    float[] out = new float[n * dd + n * e + l * e + l];
    float[] dense = new float[n * dd], target = new float[n * e], behaviours = new float[l * e], mask = new float[l];
    new PointInTimeReplay(d, sequences).run(new long[] {moment}, (q, state) -> {
      ItemCounters[] counters = new ItemCounters[n];
      for (int j = 0; j < n; j++) if (candidates[j].item() >= 0) counters[j] = state.counters(candidates[j].item(), moment);
      features.assemble(UserView.ofSequence(sequences, u, position), candidates, n, state, counters, moment, dense, target,
          behaviours, mask);
    });
    System.arraycopy(dense, 0, out, 0, dense.length);
    System.arraycopy(target, 0, out, dense.length, target.length);
    System.arraycopy(behaviours, 0, out, dense.length + target.length, behaviours.length);
    System.arraycopy(mask, 0, out, dense.length + target.length + behaviours.length, mask.length);
    return out;
  }
}
