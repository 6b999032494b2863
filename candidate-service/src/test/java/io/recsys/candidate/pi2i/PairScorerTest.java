package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairScorerTest {
  @TempDir Path tmp;

  private static PairScorer random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[PairFeatures.COUNT];
    float[] m = new float[PairFeatures.COUNT];
    float[] s = new float[PairFeatures.COUNT];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) r.nextGaussian();
      m[k] = (float) r.nextGaussian();
      s[k] = 0.5f + (float) r.nextDouble();
    }
    return new PairScorer(w, (float) r.nextGaussian(), m, s);
  }

  @Test
  void scoreIsTheSigmoidOfTheStandardisedLinearModel() {
    PairScorer scorer = random(41);
    float[] x = new float[PairFeatures.COUNT];
    SplittableRandom r = new SplittableRandom(42);
    for (int k = 0; k < x.length; k++) x[k] = (float) r.nextGaussian();
    double z = scorer.bias();
    for (int k = 0; k < x.length; k++) z += scorer.weight(k) * (x[k] - scorer.mean(k)) / scorer.std(k);
    assertThat(scorer.logit(x)).isCloseTo((float) z, within(1e-4f));
    assertThat(scorer.score(x)).isCloseTo((float) (1 / (1 + Math.exp(-z))), within(1e-5f));
  }

  @Test
  void singleFeatureScorerRanksByThatFeature() {
    PairScorer byCount = PairScorer.singleFeature(PairFeatures.LOG_COUNT);
    float[] a = new float[PairFeatures.COUNT];
    float[] b = new float[PairFeatures.COUNT];
    a[PairFeatures.LOG_COUNT] = 2;
    b[PairFeatures.LOG_COUNT] = 3;
    b[PairFeatures.I2I_SCORE] = -100;
    assertThat(byCount.logit(a)).isEqualTo(2f);
    assertThat(byCount.logit(b)).isEqualTo(3f);
  }

  @Test
  void fileRoundTripKeepsTheModel() throws IOException {
    PairScorer scorer = random(43);
    Path file = tmp.resolve("scorer.bin");
    scorer.write(file);
    PairScorer read = PairScorer.read(file);
    for (int k = 0; k < PairFeatures.COUNT; k++) {
      assertThat(read.weight(k)).isEqualTo(scorer.weight(k));
      assertThat(read.mean(k)).isEqualTo(scorer.mean(k));
      assertThat(read.std(k)).isEqualTo(scorer.std(k));
    }
    assertThat(read.bias()).isEqualTo(scorer.bias());
    assertThat(read.describe()).isEqualTo(scorer.describe()).contains("cosUserTarget");
  }

  @Test
  void truncatedOrForeignFilesAreRefusedNamingTheFile() throws IOException {
    Path file = tmp.resolve("scorer.bin");
    random(44).write(file);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> PairScorer.read(cut)).isInstanceOf(IOException.class)
        .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    byte[] otherCount = bytes.clone();
    otherCount[11] = 5; // feature count 5
    Path other = tmp.resolve("other.bin");
    Files.write(other, otherCount);
    assertThatThrownBy(() -> PairScorer.read(other)).hasMessageContaining(other.toString())
        .hasMessageContaining("5 features");
    Path foreign = tmp.resolve("foreign.bin");
    Files.write(foreign, new byte[] {9, 9, 9, 9});
    assertThatThrownBy(() -> PairScorer.read(foreign)).hasMessageContaining("magic");
  }

  @Test
  void rejectsNonPositiveStdsAndWrongLengths() {
    float[] ok = new float[PairFeatures.COUNT];
    float[] ones = new float[PairFeatures.COUNT];
    Arrays.fill(ones, 1);
    assertThatThrownBy(() -> new PairScorer(ok, 0, ok, ok)).hasMessageContaining("std");
    assertThatThrownBy(() -> new PairScorer(new float[3], 0, ok, ones)).hasMessageContaining(PairFeatures.COUNT + " entries");
  }
}
