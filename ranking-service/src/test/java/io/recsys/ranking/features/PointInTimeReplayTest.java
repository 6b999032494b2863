package io.recsys.ranking.features;

import static io.recsys.ranking.features.FeatureTestData.DAY;
import static io.recsys.ranking.features.FeatureTestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PointInTimeReplayTest {
  private static Interaction at(String user, String item, InteractionType type, long t) {
    return new Interaction(user, item, type, type == InteractionType.RATING ? 4 : 1, t);
  }

  private final Dataset dataset;
  private final int a, b, c;

  PointInTimeReplayTest() {
    Dataset.Builder builder = Dataset.builder();
    for (Interaction x : List.of(
        at("u1", "a", InteractionType.RATING, T0),
        at("u1", "b", InteractionType.RATING, T0 + DAY),
        at("u1", "a", InteractionType.CLICK, T0 + 2 * DAY), // a repeat: counts as engagement, not as a sequence step
        at("u2", "a", InteractionType.IMPRESSION, T0 + DAY),
        at("u2", "a", InteractionType.PURCHASE, T0 + 7 * DAY),
        at("u2", "b", InteractionType.CLICK, T0 + 8 * DAY),
        at("u3", "c", InteractionType.RATING, T0 + 8 * DAY),
        at("u3", "a", InteractionType.RATING, T0 + 9 * DAY))) {
      builder.interaction(x);
    }
    dataset = builder.build();
    a = dataset.items().indexOf("a");
    b = dataset.items().indexOf("b");
    c = dataset.items().indexOf("c");
  }

  @Test
  void eachQuerySeesExactlyTheEventsStrictlyBeforeIt() {
    long[] times = {T0 + 8 * DAY, T0, T0 + 7 * DAY + 1, T0 + 100 * DAY};
    List<String> seen = new ArrayList<>();
    new PointInTimeReplay(dataset, FeatureTestData.sequences(dataset)).run(times, (q, s) -> {
      seen.add(q + ":" + (int) s.totalCount(a) + "," + (int) s.totalCount(b) + "," + (int) s.totalCount(c) + " ab="
          + s.transitions(a, b) + " ca=" + s.transitions(c, a) + " clicks(b)=" + s.counters(b, times[q]).clickCount()
          + " impressions(a)=" + s.counters(a, times[q]).impressionCount());
    });
    assertThat(seen).containsExactly(
        "1:0,0,0 ab=0 ca=0 clicks(b)=0 impressions(a)=0",
        "2:3,1,0 ab=1 ca=0 clicks(b)=0 impressions(a)=1",
        "0:3,1,0 ab=1 ca=0 clicks(b)=0 impressions(a)=1",
        "3:4,2,1 ab=2 ca=1 clicks(b)=1 impressions(a)=1");
  }

  @Test
  void decayedCountHalvesEverySevenDaysAndFirstSeenIsTheFirstEngagement() {
    new PointInTimeReplay(dataset, FeatureTestData.sequences(dataset)).run(new long[] {T0 + DAY}, (q, s) -> {
      assertThat(s.decayedCount(a, T0 + DAY)).isCloseTo(Math.pow(0.5, 1.0 / 7), Offset.offset(1e-12));
      assertThat(s.decayedCount(a, T0 + 7 * DAY)).isCloseTo(0.5, Offset.offset(1e-12));
      assertThat(s.firstSeen(a)).isEqualTo(T0);
      assertThat(s.firstSeen(b)).as("b is engaged exactly at the query time: not yet").isEqualTo(Long.MIN_VALUE);
    });
  }

  @Test
  void frozenSnapshotAnswersAsTheReplayAfterItsLastEvent() {
    PointInTimeReplay replay = new PointInTimeReplay(dataset, FeatureTestData.sequences(dataset));
    FrozenItemStats frozen = replay.freeze();
    long later = T0 + 30 * DAY;
    PointInTimeReplay reference = new PointInTimeReplay(dataset, FeatureTestData.sequences(dataset));
    reference.run(new long[] {Long.MAX_VALUE}, (q, s) -> {
      for (int i = 0; i < 3; i++) {
        assertThat(frozen.totalCount(i)).isEqualTo(s.totalCount(i));
        assertThat(frozen.decayedCount(i, later)).isEqualTo(s.decayedCount(i, later));
        assertThat(frozen.firstSeen(i)).isEqualTo(s.firstSeen(i));
        for (int j = 0; j < 3; j++) assertThat(frozen.transitions(i, j)).isEqualTo(s.transitions(i, j));
      }
    });
    assertThat(frozen.asOfMillis()).isEqualTo(T0 + 9 * DAY);
    assertThat(frozen.lastSeen(a)).isEqualTo(T0 + 9 * DAY);
    assertThat(frozen.transitionPairs()).isEqualTo(2);
  }
}
