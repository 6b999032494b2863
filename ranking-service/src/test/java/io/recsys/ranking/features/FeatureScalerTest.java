package io.recsys.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureScalerTest {
  private static final List<String> NAMES = List.of("a", "constant", "b");

  private static float[] rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 3];
    for (int i = 0; i < n; i++) {
      x[i * 3] = (float) (1000 + 5 * r.nextGaussian());
      x[i * 3 + 1] = 7f;
      x[i * 3 + 2] = (float) r.nextDouble();
    }
    return x;
  }

  @Test
  void standardisedTrainingColumnsHaveMeanZeroAndUnitStd() {
    float[] x = rows(2000, 1);
    FeatureScaler s = FeatureScaler.fit(NAMES, x, 2000);
    s.apply(x, 2000);
    for (int f : new int[] {0, 2}) {
      double sum = 0, sq = 0;
      for (int i = 0; i < 2000; i++) {
        sum += x[i * 3 + f];
        sq += x[i * 3 + f] * x[i * 3 + f];
      }
      assertThat(sum / 2000).isCloseTo(0, Offset.offset(1e-4));
      assertThat(sq / 2000).isCloseTo(1, Offset.offset(1e-3));
    }
  }

  @Test
  void featureConstantInTrainingMapsToZeroAtAnyValue() {
    FeatureScaler s = FeatureScaler.fit(NAMES, rows(100, 2), 100);
    float[] serving = {1000f, 123456f, 0.5f};
    s.apply(serving, 1);
    assertThat(serving[1]).isZero();
    assertThat(s.std(1)).isLessThan(FeatureScaler.STD_FLOOR);
  }

  @Test
  void excludedFeaturesStandardiseToZeroAndSurviveTheRoundTrip(@TempDir Path dir) throws IOException {
    FeatureScaler s = FeatureScaler.fit(List.of("a.x", "a.y", "b"), rows(200, 6), 200).excluding(List.of("a."));
    assertThat(s.switchedOff()).containsExactly("a.x", "a.y");
    s.write(dir);
    float[] serving = {5000f, 7f, 0.5f};
    FeatureScaler.read(dir).apply(serving, 1);
    assertThat(serving[0]).isZero();
    assertThat(serving[1]).isZero();
    assertThat(serving[2]).isNotZero();
  }

  @Test
  void excludingANameNoFeatureHasIsRefusedNamingIt() {
    FeatureScaler s = FeatureScaler.fit(NAMES, rows(10, 7), 10);
    assertThatThrownBy(() -> s.excluding(List.of("a", "ctx."))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ctx.'");
    assertThat(s.excluding(List.of("a")).switchedOff()).containsExactly("a", "constant");
  }

  @Test
  void roundTripReproducesTheSameStandardisation(@TempDir Path dir) throws IOException {
    FeatureScaler s = FeatureScaler.fit(NAMES, rows(500, 3), 500);
    s.write(dir);
    FeatureScaler read = FeatureScaler.read(dir);
    assertThat(read.names()).isEqualTo(NAMES);
    float[] a = rows(50, 4), b = a.clone();
    s.apply(a, 50);
    read.apply(b, 50);
    assertThat(b).containsExactly(a);
  }

  @Test
  void scalerOfAnotherSchemaIsRefused() {
    FeatureTestData data = new FeatureTestData(1, 5, 10, 4, 4);
    var ds = data.dataset();
    RankingFeatures features = new RankingFeatures(RankerTables.build(ds, FeatureTestData.sequences(ds), data.vectors, data.clusters, 20));
    FeatureScaler s = FeatureScaler.fit(NAMES, rows(10, 5), 10);
    assertThatThrownBy(() -> s.checkMatches(features)).isInstanceOf(IllegalStateException.class).hasMessageContaining("column 0");
  }
}
