package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VariantAssignerTest {
  private static final int USERS = 100_000;

  static Stream<Arguments> splits() {
    // Upper 1% critical values of the chi-square distribution for k-1 degrees of freedom, from the
    // NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4 (df=1: 6.635, df=2: 9.210,
    // df=3: 11.345).
    return Stream.of(
        Arguments.of(new double[] {50, 50}, 6.635),
        Arguments.of(new double[] {10, 30, 60}, 9.210),
        Arguments.of(new double[] {1, 1, 1, 1}, 11.345));
  }

  @ParameterizedTest
  @MethodSource("splits")
  void sharesMatchWeightsOverHundredThousandUsers(double[] weights, double criticalValue) {
    List<Variant> variants = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      variants.add(Variant.of("v" + i, weights[i]));
      total += weights[i];
    }
    Experiment e = new Experiment("shares", "salt-shares", null, variants);
    long[] observed = new long[weights.length];
    for (int u = 0; u < USERS; u++) {
      Assignment a = VariantAssigner.assign(e, "user-" + u);
      observed[Integer.parseInt(a.variant().substring(1))]++;
    }
    double chiSquare = 0;
    for (int i = 0; i < weights.length; i++) {
      double expected = USERS * weights[i] / total;
      chiSquare += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    assertThat(chiSquare).as("chi-square of observed %s against weights", java.util.Arrays.toString(observed))
        .isLessThan(criticalValue);
  }

  @Test
  void bucketIsFirstEightBytesOfSha256ModTenThousand() throws Exception {
    String[][] cases = {{"s1", "user-1"}, {"s1", "alice"}, {"explore-2026", "u-42"}, {"s1", "ü-ñ"}, {"other", ""}};
    for (String[] c : cases) {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((c[0] + "\0" + c[1]).getBytes(StandardCharsets.UTF_8));
      int expected = (int) Long.remainderUnsigned(ByteBuffer.wrap(hash).getLong(), 10_000);
      assertThat(VariantAssigner.bucket(c[0], c[1])).as("bucket of %s/%s", c[0], c[1]).isEqualTo(expected);
    }
    // Computed outside the JVM (Python: int.from_bytes(sha256((salt+"\0"+user).encode()).digest()[:8], "big") % 10000),
    // so a change of encoding, byte order or separator cannot slip through both sides at once.
    assertThat(VariantAssigner.bucket("s1", "user-1")).isEqualTo(3554);
    assertThat(VariantAssigner.bucket("s1", "alice")).isEqualTo(2130);
    assertThat(VariantAssigner.bucket("explore-2026", "u-42")).isEqualTo(3191);
    assertThat(VariantAssigner.bucket("s1", "ü-ñ")).isEqualTo(7408);
  }

  @Test
  void variantsOccupyContiguousBucketRangesInDeclarationOrder() {
    List<Variant> variants = List.of(Variant.of("a", 10), Variant.of("b", 30), Variant.of("c", 60));
    assertThat(VariantAssigner.upperBounds(variants)).containsExactly(1000, 4000, 10_000);
    assertThat(VariantAssigner.variantIndex(variants, 0)).isZero();
    assertThat(VariantAssigner.variantIndex(variants, 999)).isZero();
    assertThat(VariantAssigner.variantIndex(variants, 1000)).isEqualTo(1);
    assertThat(VariantAssigner.variantIndex(variants, 3999)).isEqualTo(1);
    assertThat(VariantAssigner.variantIndex(variants, 4000)).isEqualTo(2);
    assertThat(VariantAssigner.variantIndex(variants, 9999)).isEqualTo(2);
  }

  @Test
  void raisingTreatmentShareFromTenToTwentyPercentKeepsEveryTreatmentUserInTreatment() {
    // Contiguous ranges anchored at the end: treatment (last) goes from [9000, 10000) to [8000, 10000).
    Experiment before = new Experiment("ramp", "ramp-salt", null, List.of(Variant.of("control", 90), Variant.of("treatment", 10)));
    Experiment after = new Experiment("ramp", "ramp-salt", null, List.of(Variant.of("control", 80), Variant.of("treatment", 20)));
    int treatedBefore = 0, treatedAfter = 0;
    for (int u = 0; u < USERS; u++) {
      String user = "user-" + u;
      boolean wasTreated = VariantAssigner.assign(before, user).variant().equals("treatment");
      boolean isTreated = VariantAssigner.assign(after, user).variant().equals("treatment");
      if (wasTreated) {
        treatedBefore++;
        assertThat(isTreated).as("%s was in treatment at 10%%", user).isTrue();
      }
      if (isTreated) treatedAfter++;
    }
    assertThat(treatedBefore).isBetween(9_000, 11_000);
    assertThat(treatedAfter).isBetween(19_000, 21_000);
  }

  @Test
  void saltsMakeExperimentsIndependent() {
    // Being in the first half of one experiment says nothing about another with a different salt:
    // each of the four combinations holds about a quarter of the users.
    Experiment x = new Experiment("x", "salt-x", null, List.of(Variant.of("a", 1), Variant.of("b", 1)));
    Experiment y = new Experiment("y", "salt-y", null, List.of(Variant.of("a", 1), Variant.of("b", 1)));
    int[] cells = new int[4];
    for (int u = 0; u < USERS; u++) {
      String user = "user-" + u;
      int i = VariantAssigner.assign(x, user).variant().equals("a") ? 0 : 2;
      int j = VariantAssigner.assign(y, user).variant().equals("a") ? 0 : 1;
      cells[i + j]++;
    }
    double chiSquare = 0;
    for (int c : cells) chiSquare += (c - USERS / 4.0) * (c - USERS / 4.0) / (USERS / 4.0);
    // Goodness of fit to (1/4, 1/4, 1/4, 1/4) over four cells: 3 degrees of freedom, 1% critical value
    // 11.345 (NIST table 1.3.6.7.4).
    assertThat(chiSquare).as("cells %s", java.util.Arrays.toString(cells)).isLessThan(11.345);
  }
}
