package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.train.Progress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LuceneItemIndexTest extends ItemIndexContract {
  private Path indexDir;

  @Override
  protected ItemIndex build(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, Path dir) throws IOException {
    if (indexDir == null) indexDir = dir;
    return LuceneItemIndex.build(vectors, clusterOfRow, categoriesOfRow, dir, LuceneIndexConfig.defaults(), Progress.NONE);
  }

  @Override
  protected boolean isExact() {
    return false;
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
    return to;
  }

  @Test
  void reopenedIndexGivesIdenticalResults() throws IOException {
    try (LuceneItemIndex reopened = LuceneItemIndex.open(indexDir, DIM)) {
      assertThat(reopened.size()).isEqualTo(COUNT);
      assertThat(reopened.diskBytes()).isPositive();
      Neighbours a = new Neighbours(20);
      Neighbours b = new Neighbours(20);
      for (SearchFilter filter : List.of(SearchFilter.NONE, SearchFilter.cluster(2))) {
        for (float[] q : queries) {
          index.search(q, 20, filter, a);
          reopened.search(q, 20, filter, b);
          assertThat(b.toRowArray()).isEqualTo(a.toRowArray());
          // Same rows; scores equal up to float rounding: with the Panama vector module the fresh and the
          // memory-mapped index take different SIMD paths (heap vs off-heap), which can differ in the last ulp.
          for (int i = 0; i < a.size(); i++) assertThat(b.score(i)).isCloseTo(a.score(i), org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    }
  }

  @Test
  void truncatedOrMissingFilesAreNamedInTheError() throws IOException {
    Path damaged = copy(indexDir, tempDir.resolve("damaged"));
    Path biggest;
    try (Stream<Path> files = Files.list(damaged)) {
      biggest = files.max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(biggest, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    assertThatThrownBy(() -> LuceneItemIndex.open(damaged, DIM).close())
        .isInstanceOf(IOException.class).hasMessageContaining(biggest.getFileName().toString());

    Path missing = copy(indexDir, tempDir.resolve("missing"));
    Path segments;
    try (Stream<Path> files = Files.list(missing)) {
      segments = files.filter(f -> f.getFileName().toString().startsWith("segments")).findFirst().orElseThrow();
    }
    Files.delete(segments);
    assertThatThrownBy(() -> LuceneItemIndex.open(missing, DIM).close())
        .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void openingWithAnotherDimensionFails() {
    assertThatThrownBy(() -> LuceneItemIndex.open(indexDir, DIM + 1).close())
        .isInstanceOf(IOException.class).hasMessageContaining("dimension " + DIM);
  }

  @Test
  void filteredSearchThresholdIsAViewSetting() {
    LuceneItemIndex lucene = (LuceneItemIndex) index;
    assertThat(lucene.filteredSearchThreshold()).isEqualTo(LuceneItemIndex.DEFAULT_FILTERED_SEARCH_THRESHOLD);
    LuceneItemIndex plain = lucene.withFilteredSearchThreshold(0);
    assertThat(plain.filteredSearchThreshold()).isZero();
    assertThat(plain.numCandidates()).isEqualTo(lucene.numCandidates());
    ExactItemIndex exact = new ExactItemIndex(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
    assertThat(RecallMeter.recallAtK(plain, exact, queries, 10, SearchFilter.cluster(4))).isGreaterThanOrEqualTo(MIN_APPROX_RECALL);
    plain.close(); // a view: must leave the shared reader open
    Neighbours out = new Neighbours(5);
    lucene.search(queries[0], 5, SearchFilter.NONE, out);
    assertThat(out.size()).isEqualTo(5);
    assertThatThrownBy(() -> lucene.withFilteredSearchThreshold(101)).hasMessageContaining("filteredSearchThreshold");
  }

  @Test
  void widerBeamDoesNotLoseRecall() {
    ExactItemIndex exact = new ExactItemIndex(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
    LuceneItemIndex lucene = (LuceneItemIndex) index;
    double narrow = RecallMeter.recallAtK(lucene.withNumCandidates(1), exact, queries, 50, SearchFilter.NONE);
    double wide = RecallMeter.recallAtK(lucene.withNumCandidates(400), exact, queries, 50, SearchFilter.NONE);
    assertThat(wide).isGreaterThanOrEqualTo(0.99).isGreaterThan(narrow);
  }
}
