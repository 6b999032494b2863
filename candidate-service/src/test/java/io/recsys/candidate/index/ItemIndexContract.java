package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.candidate.embed.ItemVectors;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ItemIndex} contract, run against every implementation by a subclass that says how to
 * build one. Exact indexes must return the brute-force answer itself; approximate ones at least
 * {@link #MIN_APPROX_RECALL} of it, on 5k x 32 clustered unit vectors (8 interests, seeded).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ItemIndexContract {
  protected static final int COUNT = 5_000;
  protected static final int DIM = 32;
  protected static final int CLUSTERS = 8;
  protected static final double MIN_APPROX_RECALL = 0.95;
  private static final int K = 10;

  protected final ClusteredVectors data = ClusteredVectors.generate(COUNT, DIM, CLUSTERS, 1.0, 12, 42);
  protected final float[][] queries = data.queries(100, 7);
  protected ItemIndex index;
  private final List<ItemIndex> opened = new ArrayList<>();

  /** A directory for this class's index files (JUnit's per-class temporary directory). */
  protected Path tempDir;

  /** Builds an index of {@code vectors}; {@code dir} is an empty directory it may write into. */
  protected abstract ItemIndex build(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, Path dir)
      throws IOException;

  /** Whether the index returns exactly the brute-force answer (else recall is measured). */
  protected abstract boolean isExact();

  protected ItemIndex open(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow) throws IOException {
    Path dir = Files.createTempDirectory(tempDir, "index");
    ItemIndex built = build(vectors, clusterOfRow, categoriesOfRow, dir);
    opened.add(built);
    return built;
  }

  @BeforeAll
  void buildIndex(@TempDir Path dir) throws IOException {
    tempDir = dir;
    index = open(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
  }

  @AfterAll
  void closeIndexes() {
    for (ItemIndex i : opened) i.close();
  }

  /** Checks one result against the brute-force answer: order, scores, and exactness or recall. */
  private double check(float[] query, int k, SearchFilter filter, IntPredicate pass, Neighbours got) {
    int[] truth = data.trueTopK(query, k, pass);
    for (int i = 0; i < got.size(); i++) {
      int row = got.row(i);
      assertThat(pass.test(row)).as("row %d passes the filter %s", row, filter).isTrue();
      assertThat(got.score(i)).as("score of row %d", row)
          .isCloseTo(VectorUtil.dotProduct(query, data.vectors().row(row)), within(1e-5f));
      if (i > 0) {
        boolean ordered = got.score(i - 1) > got.score(i) || (got.score(i - 1) == got.score(i) && got.row(i - 1) < got.row(i));
        assertThat(ordered).as("result %d after %d in %s", i, i - 1, got).isTrue();
      }
    }
    assertThat(Arrays.stream(got.toRowArray()).distinct().count()).as("distinct rows").isEqualTo(got.size());
    if (isExact()) {
      assertThat(got.toRowArray()).isEqualTo(truth);
      return 1.0;
    }
    assertThat(got.size()).isLessThanOrEqualTo(truth.length);
    return truth.length == 0 ? 1.0 : RecallMeter.overlap(got.toRowArray(), truth.clone()) / (double) truth.length;
  }

  private double meanRecall(int k, SearchFilter filter, IntPredicate pass) {
    Neighbours out = new Neighbours(k);
    double sum = 0;
    for (float[] q : queries) {
      index.search(q, k, filter, out);
      sum += check(q, k, filter, pass, out);
    }
    return sum / queries.length;
  }

  @Test
  void describesItself() {
    assertThat(index.name()).isNotBlank();
    assertThat(index.size()).isEqualTo(COUNT);
    assertThat(index.dim()).isEqualTo(DIM);
    assertThat(index.supports(SearchFilter.NONE)).isTrue();
    assertThat(index.supports(SearchFilter.cluster(3).excluding(IntSet.of(1, 2)))).isTrue();
  }

  @Test
  void findsTheTrueTopKOnClusteredData() {
    double recall = meanRecall(K, SearchFilter.NONE, row -> true);
    assertThat(recall).isGreaterThanOrEqualTo(isExact() ? 1.0 : MIN_APPROX_RECALL);
  }

  @Test
  void clusterFilterReturnsOnlyThatClustersItems() {
    for (int c : new int[] {0, 5}) {
      int cluster = c;
      double recall = meanRecall(K, SearchFilter.cluster(c), row -> data.clusterOfRow()[row] == cluster);
      assertThat(recall).as("cluster %d", c).isGreaterThanOrEqualTo(isExact() ? 1.0 : MIN_APPROX_RECALL);
    }
  }

  @Test
  void excludedRowsAreNeverReturnedAndTheRestStillFillsK() {
    Neighbours out = new Neighbours(K);
    double sum = 0;
    for (float[] q : queries) {
      // Exclude the true top 20 and a few rows elsewhere: the next 10 must come back instead.
      IntSet excluded = new IntOpenHashSet(data.trueTopK(q, 20, row -> true));
      excluded.addAll(IntSet.of(1, 2, 3, COUNT + 5));
      SearchFilter filter = SearchFilter.NONE.excluding(excluded);
      index.search(q, K, filter, out);
      assertThat(out.size()).isEqualTo(K);
      sum += check(q, K, filter, row -> !excluded.contains(row), out);
    }
    assertThat(sum / queries.length).isGreaterThanOrEqualTo(isExact() ? 1.0 : MIN_APPROX_RECALL);
  }

  @Test
  void exclusionsCombineWithTheClusterFilter() {
    Neighbours out = new Neighbours(K);
    double sum = 0;
    int cluster = 2;
    IntPredicate inCluster = row -> data.clusterOfRow()[row] == cluster;
    for (float[] q : queries) {
      IntSet excluded = new IntOpenHashSet(data.trueTopK(q, 15, inCluster));
      SearchFilter filter = SearchFilter.cluster(cluster).excluding(excluded);
      index.search(q, K, filter, out);
      assertThat(out.size()).isEqualTo(K);
      sum += check(q, K, filter, row -> inCluster.test(row) && !excluded.contains(row), out);
    }
    assertThat(sum / queries.length).isGreaterThanOrEqualTo(isExact() ? 1.0 : MIN_APPROX_RECALL);
  }

  @Test
  void nothingMatchingGivesAnEmptyResult() {
    Neighbours out = new Neighbours(K);
    out.begin(1);
    out.offer(7, 1f);
    out.finish();
    index.search(queries[0], K, SearchFilter.cluster(CLUSTERS + 3), out);
    assertThat(out.size()).as("a cluster no item has").isZero();

    IntSet wholeCluster = new IntOpenHashSet();
    for (int row = 0; row < COUNT; row++) {
      if (data.clusterOfRow()[row] == 4) wholeCluster.add(row);
    }
    index.search(queries[0], K, SearchFilter.cluster(4).excluding(wholeCluster), out);
    assertThat(out.size()).as("every item of the cluster excluded").isZero();

    index.search(queries[0], 0, SearchFilter.NONE, out);
    assertThat(out.size()).as("k = 0").isZero();
  }

  @Test
  void askingForMoreThanTheClusterHoldsReturnsTheCluster() {
    int cluster = 6;
    long members = Arrays.stream(data.clusterOfRow()).filter(c -> c == cluster).count();
    Neighbours out = new Neighbours((int) members + 50);
    index.search(queries[1], (int) members + 50, SearchFilter.cluster(cluster), out);
    assertThat(out.size()).isLessThanOrEqualTo((int) members);
    assertThat((double) out.size()).isGreaterThanOrEqualTo((isExact() ? 1.0 : MIN_APPROX_RECALL) * members);
    for (int i = 0; i < out.size(); i++) assertThat(data.clusterOfRow()[out.row(i)]).isEqualTo(cluster);
  }

  @Test
  void categoryFilterKeepsItemsWithOneOfTheCategoriesOrIsRefused() {
    SearchFilter filter = SearchFilter.categories(Set.of("cat-3", "cat-7"));
    Neighbours out = new Neighbours(K);
    if (!index.supports(filter)) {
      assertThatThrownBy(() -> index.search(queries[0], K, filter, out)).isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    double recall = meanRecall(K, filter, row -> data.hasAnyCategory(row, filter.categories()));
    assertThat(recall).isGreaterThanOrEqualTo(isExact() ? 1.0 : MIN_APPROX_RECALL);

    SearchFilter both = filter.withCluster(1).excluding(IntSet.of(data.trueTopK(queries[0], 3, row -> true)));
    index.search(queries[0], K, both, out);
    assertThat(out.size()).isEqualTo(K);
    check(queries[0], K, both, row -> data.clusterOfRow()[row] == 1 && data.hasAnyCategory(row, filter.categories())
        && !both.excludedRows().contains(row), out);

    index.search(queries[0], K, SearchFilter.categories(Set.of("no-such-category")), out);
    assertThat(out.size()).as("unknown category").isZero();
  }

  @Test
  void equalScoresAreOrderedByLowerRow() throws IOException {
    // 300 items where rows 10, 150 and 290 share one vector and rows 40 and 41 another.
    ClusteredVectors small = ClusteredVectors.generate(300, 8, 3, 1.0, 4, 3);
    float[] raw = small.vectors().data().clone();
    int dim = small.dim();
    for (int copy : new int[] {150, 290}) System.arraycopy(raw, 10 * dim, raw, copy * dim, dim);
    System.arraycopy(raw, 40 * dim, raw, 41 * dim, dim);
    ItemVectors vectors = new ItemVectors(small.vectors().ids(), dim, raw);
    int[] clusters = new int[300]; // one cluster: the duplicates compete in every graph
    ItemIndex dup = open(vectors, clusters, small.categoriesOfRow());
    Neighbours out = new Neighbours(5);

    dup.search(vectors.row(10), 5, SearchFilter.NONE, out);
    assertThat(out.row(0)).isEqualTo(10);
    assertThat(out.row(1)).isEqualTo(150);
    assertThat(out.row(2)).isEqualTo(290);
    assertThat(out.score(0)).isEqualTo(out.score(1)).isEqualTo(out.score(2));

    dup.search(vectors.row(41), 5, SearchFilter.cluster(0), out);
    assertThat(out.row(0)).isEqualTo(40);
    assertThat(out.row(1)).isEqualTo(41);
  }

  @Test
  void concurrentSearchesAgreeWithSingleThreadedOnes() throws Exception {
    SearchFilter[] filters = {SearchFilter.NONE, SearchFilter.cluster(3), SearchFilter.NONE.excluding(IntSet.of(5, 50, 500))};
    int[][][] expected = new int[filters.length][queries.length][];
    Neighbours out = new Neighbours(K);
    for (int f = 0; f < filters.length; f++) {
      for (int q = 0; q < queries.length; q++) {
        index.search(queries[q], K, filters[f], out);
        expected[f][q] = out.toRowArray();
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        done.add(pool.submit(() -> {
          Neighbours mine = new Neighbours(K);
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < queries.length; i++) {
              int q = (i + offset * 25) % queries.length; // threads work on different queries at once
              int f = (i + offset + round) % filters.length;
              index.search(queries[q], K, filters[f], mine);
              assertThat(mine.toRowArray()).as("query %d filter %d", q, f).isEqualTo(expected[f][q]);
              checked++;
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : done) assertThat(f.get()).isEqualTo(3 * queries.length);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsBadArgumentsLoudly() {
    Neighbours out = new Neighbours(K);
    assertThatThrownBy(() -> index.search(new float[DIM + 1], K, SearchFilter.NONE, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dims");
    float[] nan = queries[0].clone();
    nan[3] = Float.NaN;
    assertThatThrownBy(() -> index.search(nan, K, SearchFilter.NONE, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> index.search(queries[0], K + 1, SearchFilter.NONE, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> index.search(queries[0], -1, SearchFilter.NONE, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be >= 0");
  }

  @Test
  void scoresAreInnerProductsWithAQueryOfAnyLength() {
    float[] longer = queries[2].clone();
    for (int j = 0; j < longer.length; j++) longer[j] *= 3;
    Neighbours unit = new Neighbours(K);
    Neighbours scaled = new Neighbours(K);
    index.search(queries[2], K, SearchFilter.NONE, unit);
    index.search(longer, K, SearchFilter.NONE, scaled);
    assertThat(scaled.toRowArray()).isEqualTo(unit.toRowArray());
    for (int i = 0; i < K; i++) assertThat(scaled.score(i)).isCloseTo(3 * unit.score(i), within(1e-4f));
  }
}
