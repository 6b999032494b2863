package io.recsys.ranking.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlattCalibrationTest {
  /** Labels drawn from σ(2·s − 1) for scores s: the fit recovers a ≈ 2, b ≈ −1. */
  @Test
  void recoversTheTrueLogisticLink() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 40_000;
    double[] s = new double[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextGaussian();
      y[i] = r.nextDouble() < PlattCalibration.sigmoid(2 * s[i] - 1) ? 1 : 0;
    }
    PlattCalibration c = PlattCalibration.fit(s, y);
    assertThat(c.a()).isCloseTo(2, within(0.1));
    assertThat(c.b()).isCloseTo(-1, within(0.1));
    double[] before = new double[n], after = new double[n];
    for (int i = 0; i < n; i++) {
      before[i] = PlattCalibration.sigmoid(s[i]);
      after[i] = c.apply(s[i]);
    }
    assertThat(PlattCalibration.expectedCalibrationError(after, y, 10))
        .isLessThan(PlattCalibration.expectedCalibrationError(before, y, 10) / 3);
  }

  /** Keeping one negative in ten with weight 10 calibrates as the full sample does. */
  @Test
  void weightedSubsampledNegativesCalibrateToTheFullRate() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 100_000;
    double[] s = new double[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextGaussian();
      y[i] = r.nextDouble() < PlattCalibration.sigmoid(s[i] - 3) ? 1 : 0;
    }
    PlattCalibration full = PlattCalibration.fit(s, y);
    int kept = 0;
    double[] ss = new double[n];
    float[] yy = new float[n], ww = new float[n];
    for (int i = 0; i < n; i++) {
      if (y[i] > 0 || i % 10 == 0) {
        ss[kept] = s[i];
        yy[kept] = y[i];
        ww[kept] = y[i] > 0 ? 1 : 10;
        kept++;
      }
    }
    PlattCalibration sampled = PlattCalibration.fit(java.util.Arrays.copyOf(ss, kept), java.util.Arrays.copyOf(yy, kept),
        java.util.Arrays.copyOf(ww, kept));
    PlattCalibration unweighted = PlattCalibration.fit(java.util.Arrays.copyOf(ss, kept), java.util.Arrays.copyOf(yy, kept));
    assertThat(sampled.b()).isCloseTo(full.b(), within(0.15));
    assertThat(Math.abs(unweighted.b() - full.b())).as("without weights the base rate is the sample's").isGreaterThan(1.5);
  }

  @Test
  void aSingleClassGivesTheIdentity() {
    assertThat(PlattCalibration.fit(new double[] {1, 2}, new float[] {0, 0})).isEqualTo(PlattCalibration.IDENTITY);
  }
}
