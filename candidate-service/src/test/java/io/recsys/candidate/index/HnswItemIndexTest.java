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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HnswItemIndexTest extends ItemIndexContract {
  @Override
  protected ItemIndex build(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, Path dir) {
    return HnswItemIndex.build(vectors, clusterOfRow, HnswConfig.defaults(), Progress.NONE);
  }

  @Override
  protected boolean isExact() {
    return false;
  }

  private HnswItemIndex hnsw() {
    return (HnswItemIndex) index;
  }

  private static void assertSameResults(ItemIndex a, ItemIndex b, float[][] queries, SearchFilter filter) {
    Neighbours x = new Neighbours(20);
    Neighbours y = new Neighbours(20);
    for (float[] q : queries) {
      a.search(q, 20, filter, x);
      b.search(q, 20, filter, y);
      assertThat(y.toRowArray()).isEqualTo(x.toRowArray());
      for (int i = 0; i < x.size(); i++) assertThat(y.score(i)).isEqualTo(x.score(i));
    }
  }

  @Test
  void savedIndexLoadsBackToIdenticalResults() throws IOException {
    Path dir = tempDir.resolve("saved");
    hnsw().save(dir);
    assertThat(dir.resolve(HnswItemIndex.MANIFEST)).exists();
    assertThat(dir.resolve(HnswItemIndex.clusterFile(CLUSTERS - 1))).exists();
    HnswItemIndex loaded = HnswItemIndex.load(dir, data.vectors(), data.clusterOfRow());
    assertThat(loaded.size()).isEqualTo(COUNT);
    assertThat(loaded.clusterCount()).isEqualTo(CLUSTERS);
    assertThat(loaded.config()).isEqualTo(hnsw().config());
    assertSameResults(index, loaded, queries, SearchFilter.NONE);
    assertSameResults(index, loaded, queries, SearchFilter.cluster(3));
  }

  @Test
  void truncatedOrMissingFilesAreNamedInTheError() throws IOException {
    Path dir = tempDir.resolve("damaged");
    hnsw().save(dir);
    Path graph = dir.resolve(HnswItemIndex.clusterFile(3));
    try (FileChannel ch = FileChannel.open(graph, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    assertThatThrownBy(() -> HnswItemIndex.load(dir, data.vectors(), data.clusterOfRow()))
        .isInstanceOf(IOException.class).hasMessageContaining(graph.toString());

    Files.delete(graph);
    assertThatThrownBy(() -> HnswItemIndex.load(dir, data.vectors(), data.clusterOfRow()))
        .isInstanceOf(IOException.class).hasMessageContaining(graph.toString()).hasMessageContaining("missing");

    Path manifest = dir.resolve(HnswItemIndex.MANIFEST);
    try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
      ch.truncate(10);
    }
    assertThatThrownBy(() -> HnswItemIndex.load(dir, data.vectors(), data.clusterOfRow()))
        .isInstanceOf(IOException.class).hasMessageContaining(manifest.toString()).hasMessageContaining("truncated");
    Files.delete(manifest);
    assertThatThrownBy(() -> HnswItemIndex.load(dir, data.vectors(), data.clusterOfRow()))
        .isInstanceOf(IOException.class).hasMessageContaining(manifest.toString()).hasMessageContaining("missing");
  }

  @Test
  void loadingWithAnotherClusterAssignmentFails() throws IOException {
    Path dir = tempDir.resolve("reassigned");
    hnsw().save(dir);
    int[] swapped = data.clusterOfRow().clone();
    // Swap the clusters of one row of cluster 0 and one of cluster 1: sizes stay, membership does not.
    int a = -1;
    int b = -1;
    for (int row = 0; row < swapped.length && (a < 0 || b < 0); row++) {
      if (swapped[row] == 0 && a < 0) a = row;
      if (swapped[row] == 1 && b < 0) b = row;
    }
    swapped[a] = 1;
    swapped[b] = 0;
    assertThatThrownBy(() -> HnswItemIndex.load(dir, data.vectors(), swapped))
        .isInstanceOf(IOException.class).hasMessageContaining("cluster-000").hasMessageContaining("row " + a);
  }

  @Test
  void widerBeamDoesNotLoseRecallAndSharesTheGraphs() {
    HnswItemIndex narrow = hnsw().withEf(10);
    HnswItemIndex wide = hnsw().withEf(400);
    ExactItemIndex exact = new ExactItemIndex(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
    double narrowRecall = RecallMeter.recallAtK(narrow, exact, queries, 50, SearchFilter.NONE);
    double wideRecall = RecallMeter.recallAtK(wide, exact, queries, 50, SearchFilter.NONE);
    assertThat(wide.config().ef()).isEqualTo(400);
    assertThat(wideRecall).isGreaterThanOrEqualTo(0.99).isGreaterThan(narrowRecall);
  }

  @Test
  void buildReportsProgressFromTheCallingThreadUpToTwiceTheItems() {
    ClusteredVectors small = ClusteredVectors.generate(2_000, 8, 4, 1.0, 3, 5);
    Thread caller = Thread.currentThread();
    List<long[]> seen = new ArrayList<>();
    HnswItemIndex.build(small.vectors(), small.clusterOfRow(), HnswConfig.defaults().withThreads(2), (done, total) -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      seen.add(new long[] {done, total});
    });
    assertThat(seen).isNotEmpty();
    assertThat(seen.getLast()).containsExactly(4_000L, 4_000L);
  }

  @Test
  void categoriesAreNotSupported() {
    assertThat(index.supports(SearchFilter.categories(Set.of("cat-1")))).isFalse();
  }
}
