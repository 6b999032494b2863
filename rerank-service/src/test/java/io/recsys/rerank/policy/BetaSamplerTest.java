package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BetaSamplerTest {
  private static final int DRAWS = 100_000;

  @ParameterizedTest(name = "Beta({0}, {1})")
  @CsvSource({"2, 5", "1, 1", "0.5, 0.5", "0.4, 19.6", "0.01, 0.02", "50, 950", "20, 1.5"})
  void meanAndVarianceMatchTheoryOn100kDraws(double a, double b) {
    SplittableRandom rng = new SplittableRandom(17);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = BetaSampler.sample(rng, a, b);
      assertThat(x).isBetween(0.0, 1.0);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / DRAWS;
    double var = sumSq / DRAWS - mean * mean;
    double expectedMean = a / (a + b);
    double expectedVar = a * b / ((a + b) * (a + b) * (a + b + 1));
    // 5 standard errors of the sample mean; 5% of the variance (its standard error is ~0.5-1% here).
    assertThat(mean).isCloseTo(expectedMean, within(5 * Math.sqrt(expectedVar / DRAWS)));
    assertThat(var).isCloseTo(expectedVar, within(0.05 * expectedVar));
  }

  @ParameterizedTest(name = "Gamma({0})")
  @CsvSource({"0.3", "1", "4.5", "100"})
  void gammaMeanAndVarianceEqualItsShape(double shape) {
    SplittableRandom rng = new SplittableRandom(3);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = BetaSampler.gamma(rng, shape);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / DRAWS;
    double var = sumSq / DRAWS - mean * mean;
    assertThat(mean).isCloseTo(shape, within(5 * Math.sqrt(shape / DRAWS)));
    assertThat(var).isCloseTo(shape, within(0.05 * shape));
  }

  @Test
  void theSameSeedGivesTheSameStream() {
    SplittableRandom a = new SplittableRandom(99);
    SplittableRandom b = new SplittableRandom(99);
    for (int i = 0; i < 1000; i++) {
      assertThat(BetaSampler.sample(a, 0.3, 7)).isEqualTo(BetaSampler.sample(b, 0.3, 7));
    }
  }

  @Test
  void tinyShapesDoNotUnderflowToNaN() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      assertThat(BetaSampler.sample(rng, 1e-4, 1e-4)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void rejectsShapesThatAreNotPositiveAndFinite() {
    SplittableRandom rng = new SplittableRandom(1);
    assertThatThrownBy(() -> BetaSampler.sample(rng, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BetaSampler.sample(rng, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BetaSampler.gamma(rng, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
  }
}
