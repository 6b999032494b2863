package io.recsys.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankerTablesTest {
  private final FeatureTestData data = new FeatureTestData(3, 30, 25, 10, 6);
  private final Dataset dataset = data.dataset();
  private final RankerTables tables = RankerTables.build(dataset, FeatureTestData.sequences(dataset), data.vectors, data.clusters, 3);

  @Test
  void roundTripKeepsEveryTableAndEveryStatistic(@TempDir Path dir) throws IOException {
    tables.write(dir);
    RankerTables read = RankerTables.read(dir);

    assertThat(read.itemCount()).isEqualTo(tables.itemCount());
    assertThat(read.dim()).isEqualTo(tables.dim());
    assertThat(read.categories()).isEqualTo(tables.categories());
    assertThat(read.clusterCount()).isEqualTo(tables.clusterCount());
    long now = tables.stats().asOfMillis() + 3 * FeatureTestData.DAY;
    assertThat(read.stats().asOfMillis()).isEqualTo(tables.stats().asOfMillis());
    assertThat(read.stats().transitionPairs()).isEqualTo(tables.stats().transitionPairs()).isPositive();
    float[] a = new float[tables.dim()], b = new float[tables.dim()];
    for (int i = 0; i < tables.itemCount(); i++) {
      assertThat(read.itemId(i)).isEqualTo(tables.itemId(i));
      assertThat(read.row(tables.itemId(i))).isEqualTo(i);
      tables.copyVector(i, a, 0);
      read.copyVector(i, b, 0);
      assertThat(b).containsExactly(a);
      assertThat(read.cluster(i)).isEqualTo(tables.cluster(i));
      assertThat(read.categoryBits(i)).isEqualTo(tables.categoryBits(i));
      assertThat(read.stats().totalCount(i)).isEqualTo(tables.stats().totalCount(i));
      assertThat(read.stats().decayedCount(i, now)).isEqualTo(tables.stats().decayedCount(i, now));
      assertThat(read.stats().firstSeen(i)).isEqualTo(tables.stats().firstSeen(i));
      assertThat(read.stats().lastSeen(i)).isEqualTo(tables.stats().lastSeen(i));
      for (int j = 0; j < tables.itemCount(); j++) {
        assertThat(read.stats().transitions(i, j)).isEqualTo(tables.stats().transitions(i, j));
      }
    }
    assertThat(read.row("no-such-item")).isEqualTo(-1);
  }

  @Test
  void vectorsAreUnitOrZeroAndCentroidsAreUnit() {
    float[] v = new float[tables.dim()];
    int zero = 0;
    for (int i = 0; i < tables.itemCount(); i++) {
      tables.copyVector(i, v, 0);
      double norm = norm(v);
      if (norm == 0) zero++;
      else assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(zero).as("the two items absent from the window file").isEqualTo(2);
    assertThat(tables.clusterCount()).isEqualTo(3);
    for (int c = 0; c < tables.clusterCount(); c++) {
      tables.copyCentroid(c, v, 0);
      assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(tables.cluster(tables.row("i6"))).as("cluster -1 in the file").isEqualTo(-1);
    assertThat(tables.cluster(tables.row("i" + (data.items - 1)))).as("absent from the file").isEqualTo(-1);
  }

  @Test
  void vocabularyKeepsTheMostFrequentCategories() {
    // Drama (i%5==0 plus i%4==0 with i%5==4 ...) : count by hand from the fixture's rule.
    int[] count = new int[FeatureTestData.GENRES.length];
    for (int i = 0; i < data.items; i++) {
      count[i % 5]++;
      if (i % 4 == 0) count[(i + 1) % 5]++;
    }
    Integer[] order = {0, 1, 2, 3, 4};
    Arrays.sort(order, (x, y) -> count[y] != count[x] ? Integer.compare(count[y], count[x])
        : FeatureTestData.GENRES[x].compareTo(FeatureTestData.GENRES[y]));
    assertThat(tables.categories()).containsExactly(FeatureTestData.GENRES[order[0]], FeatureTestData.GENRES[order[1]],
        FeatureTestData.GENRES[order[2]]);
    int row = tables.row("i" + order[0]); // item k carries genre k first
    assertThat(tables.categoryBits(row) & 1L).isEqualTo(1L);
  }

  @Test
  void truncatedFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    tables.write(dir);
    Path file = dir.resolve(RankerTables.FILE);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> RankerTables.read(dir)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    Files.delete(file);
    assertThatThrownBy(() -> RankerTables.read(dir)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) s += x * x;
    return Math.sqrt(s);
  }
}
