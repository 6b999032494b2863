package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.candidate.embed.ItemVectors;
import org.junit.jupiter.api.Test;

class UserContextTest {
  /** Rows 0..3 are the unit axes e0, e1, e0, e1 in 2-d; clusters 0, 1, 0, 1. */
  private static final ItemVectors AXES = new ItemVectors(new String[] {"a", "b", "c", "d"}, 2,
      new float[] {1, 0, 0, 1, 1, 0, 0, 1});
  private static final int[] CLUSTERS = {0, 1, 0, 1};

  @Test
  void userVectorAndMixtureFollowTheHistory() {
    UserContext c = UserContext.of(new int[] {0, 1, 2, 99}, new long[] {30, 20, 10, 0}, 3, 40, AXES, CLUSTERS, 2);
    assertThat(c.historyLength()).isEqualTo(3);
    assertThat(c.historyRow(0)).isEqualTo(0);
    assertThat(c.historyTime(2)).isEqualTo(10);
    // mean of e0, e1, e0 = (2/3, 1/3), normalised = (2, 1) / sqrt(5)
    assertThat(c.userVector()[0]).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-6f));
    assertThat(c.userVector()[1]).isCloseTo((float) (1 / Math.sqrt(5)), within(1e-6f));
    double d = UserContext.MIXTURE_DECAY;
    double total = 1 + d + d * d;
    assertThat(c.mixtureWeight(0)).isCloseTo((float) ((1 + d * d) / total), within(1e-6f));
    assertThat(c.mixtureWeight(1)).isCloseTo((float) (d / total), within(1e-6f));
  }

  @Test
  void onlyTheNewestProfileItemsFormTheUserVector() {
    int n = UserContext.PROFILE_ITEMS + 5;
    int[] rows = new int[n];
    for (int k = UserContext.PROFILE_ITEMS; k < n; k++) rows[k] = 1; // older items all e1
    UserContext c = UserContext.of(rows, new long[n], n, 0, AXES, CLUSTERS, 2);
    assertThat(c.userVector()).containsExactly(1f, 0f);
    assertThat(c.mixtureWeight(1)).isPositive();
  }

  @Test
  void emptyHistoryGivesZeroVectorAndMixture() {
    UserContext c = UserContext.of(new int[0], new long[0], 0, 0, AXES, CLUSTERS, 2);
    assertThat(c.userVector()).containsExactly(0f, 0f);
    assertThat(c.mixtureWeight(0)).isZero();
  }

  @Test
  void rejectsRowsAndClustersOutOfRange() {
    assertThatThrownBy(() -> UserContext.of(new int[] {4}, new long[1], 1, 0, AXES, CLUSTERS, 2))
        .hasMessageContaining("row 4");
    assertThatThrownBy(() -> UserContext.of(new int[] {1}, new long[1], 1, 0, AXES, new int[] {0, 2, 0, 0}, 2))
        .hasMessageContaining("cluster 2");
    assertThatThrownBy(() -> UserContext.of(new int[] {0}, new long[0], 1, 0, AXES, CLUSTERS, 2))
        .hasMessageContaining("count");
  }
}
