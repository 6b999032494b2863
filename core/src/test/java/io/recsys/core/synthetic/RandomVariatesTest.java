package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomVariatesTest {
  private static final int N = 200_000;

  @Test
  void gaussianHasMeanZeroAndUnitVariance() {
    SplittableRandom rng = new SplittableRandom(1);
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < N; i++) {
      double x = RandomVariates.gaussian(rng);
      sum += x;
      sq += x * x;
    }
    assertThat(sum / N).isCloseTo(0, offset(0.01));
    assertThat(sq / N).isCloseTo(1, offset(0.02));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 1.0, 2.5, 14})
  void gammaHasMeanAndVarianceEqualToItsShape(double shape) {
    SplittableRandom rng = new SplittableRandom(2);
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < N; i++) {
      double x = RandomVariates.gamma(rng, shape);
      assertThat(x).isGreaterThanOrEqualTo(0);
      sum += x;
      sq += x * x;
    }
    double mean = sum / N;
    assertThat(mean).isCloseTo(shape, offset(0.02 * shape + 0.01));
    assertThat(sq / N - mean * mean).isCloseTo(shape, offset(0.05 * shape + 0.01));
  }

  @Test
  void betaHasMeanAlphaOverAlphaPlusBeta() {
    SplittableRandom rng = new SplittableRandom(3);
    double sum = 0;
    for (int i = 0; i < N; i++) sum += RandomVariates.beta(rng, 2, 14);
    assertThat(sum / N).isCloseTo(2.0 / 16, offset(0.002));
  }

  @Test
  void geometricIsAtLeastOneWithMeanOneOverOneMinusQ() {
    SplittableRandom rng = new SplittableRandom(4);
    double sum = 0;
    int ones = 0;
    for (int i = 0; i < N; i++) {
      int k = RandomVariates.geometric(rng, 0.9);
      assertThat(k).isPositive();
      sum += k;
      if (k == 1) ones++;
    }
    assertThat(sum / N).isCloseTo(10, offset(0.15));
    assertThat((double) ones / N).isCloseTo(0.1, offset(0.005));
    assertThat(RandomVariates.geometric(rng, 0)).isEqualTo(1);
  }

  @Test
  void exponentialHasTheRequestedMean() {
    SplittableRandom rng = new SplittableRandom(5);
    double sum = 0;
    for (int i = 0; i < N; i++) sum += RandomVariates.exponential(rng, 15);
    assertThat(sum / N).isCloseTo(15, offset(0.2));
  }

  @Test
  void searchCumulativeFindsTheFirstSlotAboveU() {
    double[] cum = {0.5, 0.2, 0.5, 0.5, 1.0, 9};
    assertThat(RandomVariates.searchCumulative(cum, 1, 5, 0.0)).isEqualTo(1);
    assertThat(RandomVariates.searchCumulative(cum, 1, 5, 0.2)).isEqualTo(2);
    assertThat(RandomVariates.searchCumulative(cum, 1, 5, 0.49)).isEqualTo(2);
    assertThat(RandomVariates.searchCumulative(cum, 1, 5, 0.5)).isEqualTo(4);
    assertThat(RandomVariates.searchCumulative(cum, 1, 5, 0.999)).isEqualTo(4);
  }

  @Test
  void permutationContainsEveryIndexOnce() {
    int[] v = new int[50];
    RandomVariates.permutation(new SplittableRandom(6), v, 40);
    int[] sorted = java.util.Arrays.copyOf(v, 40);
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < 40; i++) assertThat(sorted[i]).isEqualTo(i);
    assertThat(java.util.Arrays.copyOf(v, 40)).isNotEqualTo(sorted);
  }

  @Test
  void neighbouringStreamIndexesGetUnrelatedSeeds() {
    long a = RandomVariates.streamSeed(42, 1, 0);
    long b = RandomVariates.streamSeed(42, 1, 1);
    long c = RandomVariates.streamSeed(42, 2, 0);
    long d = RandomVariates.streamSeed(43, 1, 0);
    assertThat(new long[] {b, c, d}).doesNotContain(a);
    assertThat(Long.bitCount(a ^ b)).as("bits differing between neighbours").isBetween(16, 48);
    assertThat(RandomVariates.streamSeed(42, 1, 0)).isEqualTo(a);
  }
}
