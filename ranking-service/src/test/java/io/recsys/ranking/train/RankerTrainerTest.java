package io.recsys.ranking.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RankerTrainerTest {
  @Test
  void theLatestExamplesValidateAndNoneOfThemIsOlderThanATrainingOne() {
    long[] times = {50, 10, 90, 30, 70, 90, 20, 60, 80, 40};
    int[][] split = RankerTrainer.temporalSplit(times, 0.2);
    assertThat(split[1]).containsExactly(2, 5); // the latest 20%: both 90s
    assertThat(RankerTrainer.temporalSplit(new long[] {10, 20, 20, 30}, 0.5)[1]).as("ties at the cut go to validation")
        .containsExactly(1, 2, 3);
    long newestTrain = 0, oldestValidation = Long.MAX_VALUE;
    for (int q : split[0]) newestTrain = Math.max(newestTrain, times[q]);
    for (int q : split[1]) oldestValidation = Math.min(oldestValidation, times[q]);
    assertThat(newestTrain).isLessThan(oldestValidation);
    assertThat(split[0].length + split[1].length).isEqualTo(times.length);
  }

  @Test
  void tooFewOrSimultaneousExamplesAreRefusedWithAReason() {
    assertThatThrownBy(() -> RankerTrainer.temporalSplit(new long[] {5}, 0.1)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> RankerTrainer.temporalSplit(new long[] {5, 5, 5}, 0.1)).hasMessageContaining("same time");
  }
}
