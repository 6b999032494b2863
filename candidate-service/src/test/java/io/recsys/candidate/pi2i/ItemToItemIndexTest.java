package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemToItemIndexTest {
  @TempDir Path tmp;

  /** u0 = {0, 1, 2}, u1 = {0, 1}, u2 = {0, 2, 3}, in that order. */
  private static final UserSequences TINY = Sequences.of(4, new int[] {0, 1, 2}, new int[] {0, 1}, new int[] {0, 2, 3});

  private static ItemToItemIndex build(UserSequences s, I2iConfig c) {
    return ItemToItemIndex.build(s, c, Progress.NONE);
  }

  private static int[] list(ItemToItemIndex index, int row) {
    int[] out = new int[index.listLength(row)];
    for (int p = 0; p < out.length; p++) out[p] = index.neighbour(row, p);
    return out;
  }

  @Test
  void swingMatchesHandComputedScores() {
    ItemToItemIndex index = build(TINY, I2iConfig.defaults().withSwingAlpha(1).withThreads(1));
    // Trigger 0, users u0,u1,u2. Pair (u0,u1) shares {0,1}: w = 1/sqrt(3) * 1/sqrt(2) / (1 + 2) -> item 1.
    // Pair (u0,u2) shares {0,2}: w = 1/sqrt(3) * 1/sqrt(3) / (1 + 2) = 1/9 -> item 2. Pair (u1,u2) shares
    // only {0}. Item 3 is co-engaged by u2 alone: Swing 0, not listed.
    assertThat(list(index, 0)).containsExactly(1, 2);
    assertThat(index.score(0, 0)).isCloseTo((float) (1 / (Math.sqrt(6) * 3)), within(1e-6f));
    assertThat(index.score(0, 1)).isCloseTo(1f / 9, within(1e-6f));
    assertThat(index.count(0, 0)).isEqualTo(2);
    assertThat(index.count(0, 1)).isEqualTo(2);
    assertThat(list(index, 1)).containsExactly(0);
    assertThat(index.score(1, 0)).isCloseTo((float) (1 / (Math.sqrt(6) * 3)), within(1e-6f));
    assertThat(list(index, 2)).containsExactly(0);
    assertThat(index.score(2, 0)).isCloseTo(1f / 9, within(1e-6f));
    assertThat(index.listLength(3)).isZero();
    assertThat(index.entries()).isEqualTo(4);
  }

  @Test
  void swingAlphaDampsPairsOfUsersWhoShareMuch() {
    ItemToItemIndex index = build(TINY, I2iConfig.defaults().withSwingAlpha(5).withThreads(1));
    assertThat(index.score(0, 0)).isCloseTo((float) (1 / (Math.sqrt(6) * 7)), within(1e-6f));
  }

  @Test
  void cooccurrenceMatchesHandComputedCosines() {
    ItemToItemIndex index = build(TINY, I2iConfig.defaults().withMethod(I2iMethod.COOCCURRENCE)
        .withCooccurrenceWindow(0).withThreads(1));
    // Users per item: n0 = 3, n1 = 2, n2 = 2, n3 = 1.
    assertThat(list(index, 0)).containsExactly(1, 2, 3); // 1 and 2 tie on score and count: row ascending
    assertThat(index.score(0, 0)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
    assertThat(index.score(0, 1)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
    assertThat(index.score(0, 2)).isCloseTo((float) (1 / Math.sqrt(3)), within(1e-6f));
    assertThat(index.count(0, 2)).isEqualTo(1);
    assertThat(list(index, 3)).containsExactly(2, 0);
    assertThat(index.score(3, 0)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
  }

  @Test
  void cooccurrenceWindowCountsOnlyNearbyPositions() {
    ItemToItemIndex index = build(TINY, I2iConfig.defaults().withMethod(I2iMethod.COOCCURRENCE)
        .withCooccurrenceWindow(1).withThreads(1));
    // 0 and 2 are two apart for u0 and adjacent for u2; 0 and 3 are two apart for u2.
    assertThat(list(index, 0)).containsExactly(1, 2);
    assertThat(index.count(0, 1)).isEqualTo(1);
    assertThat(index.score(0, 1)).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
  }

  @Test
  void maxItemsPerUserKeepsTheNewestItems() {
    UserSequences one = Sequences.of(4, new int[] {0, 1, 2, 3});
    ItemToItemIndex index = build(one, I2iConfig.defaults().withMethod(I2iMethod.COOCCURRENCE)
        .withCooccurrenceWindow(0).withMaxItemsPerUser(2));
    assertThat(index.listLength(0)).isZero();
    assertThat(index.listLength(1)).isZero();
    assertThat(list(index, 2)).containsExactly(3);
  }

  @Test
  void listsAreSortedWithoutSelfLoopsAndIdenticalForAnyThreadCount() {
    Generated world = new Generated(11, 150, 120, 4, 30, 0.7);
    for (I2iMethod method : I2iMethod.values()) {
      I2iConfig config = I2iConfig.defaults().withMethod(method).withListLength(25);
      ItemToItemIndex one = build(world.sequences, config.withThreads(1));
      ItemToItemIndex three = build(world.sequences, config.withThreads(3));
      assertThat(one.entries()).isPositive();
      assertThat(three.entries()).isEqualTo(one.entries());
      for (int row = 0; row < one.itemCount(); row++) {
        assertThat(one.listLength(row)).isLessThanOrEqualTo(25);
        assertThat(three.listLength(row)).isEqualTo(one.listLength(row));
        for (int p = 0; p < one.listLength(row); p++) {
          assertThat(one.neighbour(row, p)).isNotEqualTo(row);
          assertThat(three.neighbour(row, p)).isEqualTo(one.neighbour(row, p));
          assertThat(Float.floatToIntBits(three.score(row, p))).isEqualTo(Float.floatToIntBits(one.score(row, p)));
          assertThat(three.count(row, p)).isEqualTo(one.count(row, p));
          if (p > 0) assertThat(one.score(row, p)).isLessThanOrEqualTo(one.score(row, p - 1));
        }
      }
    }
  }

  @Test
  void buildReportsProgressToTheEnd() {
    Generated world = new Generated(12, 40, 60, 3, 10, 0.7);
    AtomicLong last = new AtomicLong(-1);
    ItemToItemIndex.build(world.sequences, I2iConfig.defaults().withThreads(2), (done, total) -> {
      assertThat(total).isEqualTo(60);
      last.set(done);
    });
    assertThat(last.get()).isEqualTo(60);
  }

  @Test
  void truncationKeepsThePrefixOfEachList() {
    Generated world = new Generated(13, 100, 80, 4, 20, 0.7);
    ItemToItemIndex full = build(world.sequences, I2iConfig.defaults().withListLength(30));
    ItemToItemIndex cut = full.truncated(5);
    assertThat(cut.config().listLength()).isEqualTo(5);
    long entries = 0;
    for (int row = 0; row < full.itemCount(); row++) {
      assertThat(cut.listLength(row)).isEqualTo(Math.min(5, full.listLength(row)));
      entries += cut.listLength(row);
      for (int p = 0; p < cut.listLength(row); p++) {
        assertThat(cut.neighbour(row, p)).isEqualTo(full.neighbour(row, p));
        assertThat(cut.score(row, p)).isEqualTo(full.score(row, p));
        assertThat(cut.count(row, p)).isEqualTo(full.count(row, p));
      }
    }
    assertThat(cut.entries()).isEqualTo(entries).isLessThan(full.entries());
    assertThat(full.truncated(full.maxListLength())).isSameAs(full);
    assertThatThrownBy(() -> full.truncated(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileRoundTripKeepsListsAndSettings() throws IOException {
    Generated world = new Generated(14, 60, 50, 3, 15, 0.7);
    ItemToItemIndex index = build(world.sequences, I2iConfig.defaults().withMethod(I2iMethod.COOCCURRENCE)
        .withListLength(12).withCooccurrenceWindow(7).withMaxItemsPerUser(9));
    Path file = tmp.resolve("i2i.bin");
    index.write(file);
    ItemToItemIndex read = ItemToItemIndex.read(file);
    assertThat(read.config()).isEqualTo(index.config());
    assertThat(read.sourceEntries()).isEqualTo(world.sequences.totalLength());
    assertThat(read.itemCount()).isEqualTo(index.itemCount());
    assertThat(read.entries()).isEqualTo(index.entries());
    for (int row = 0; row < index.itemCount(); row++) {
      assertThat(read.listLength(row)).isEqualTo(index.listLength(row));
      for (int p = 0; p < index.listLength(row); p++) {
        assertThat(read.neighbour(row, p)).isEqualTo(index.neighbour(row, p));
        assertThat(read.score(row, p)).isEqualTo(index.score(row, p));
        assertThat(read.count(row, p)).isEqualTo(index.count(row, p));
      }
    }
  }

  @Test
  void truncatedOrForeignFilesAreRefusedNamingTheFile() throws IOException {
    ItemToItemIndex index = build(TINY, I2iConfig.defaults());
    Path file = tmp.resolve("lists.bin");
    index.write(file);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> ItemToItemIndex.read(cut)).isInstanceOf(IOException.class)
        .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    Path longer = tmp.resolve("longer.bin");
    Files.write(longer, Arrays.copyOf(bytes, bytes.length + 1));
    assertThatThrownBy(() -> ItemToItemIndex.read(longer)).hasMessageContaining(longer.toString())
        .hasMessageContaining("trailing");
    Path foreign = tmp.resolve("foreign.bin");
    Files.write(foreign, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThatThrownBy(() -> ItemToItemIndex.read(foreign)).hasMessageContaining(foreign.toString())
        .hasMessageContaining("magic");
    // A neighbour pointing at its own row: the invariant check on read catches it.
    byte[] selfLoop = bytes.clone();
    int neighboursAt = 4 * 4 + 4 + 8 + 4 * 3 + 8 + 4 + 4 * 5; // header, then 5 offsets
    selfLoop[neighboursAt + 3] = 0; // row 0's first neighbour becomes 0
    Path corrupt = tmp.resolve("corrupt.bin");
    Files.write(corrupt, selfLoop);
    assertThatThrownBy(() -> ItemToItemIndex.read(corrupt)).hasMessageContaining(corrupt.toString())
        .hasMessageContaining("lists itself");
  }

  @Test
  void configRejectsBadSettingsNamingThem() {
    I2iConfig d = I2iConfig.defaults();
    assertThatThrownBy(() -> d.withListLength(0)).hasMessageContaining("listLength");
    assertThatThrownBy(() -> d.withSwingAlpha(0)).hasMessageContaining("swingAlpha");
    assertThatThrownBy(() -> d.withSwingAlpha(Double.NaN)).hasMessageContaining("swingAlpha");
    assertThatThrownBy(() -> d.withMaxItemsPerUser(1)).hasMessageContaining("maxItemsPerUser");
    assertThatThrownBy(() -> d.withThreads(0)).hasMessageContaining("threads");
    assertThatThrownBy(() -> d.withCooccurrenceWindow(-1)).hasMessageContaining("cooccurrenceWindow");
    assertThatThrownBy(() -> d.withMethod(null)).hasMessageContaining("method");
    assertThat(I2iMethod.parse("Co-Occurrence")).isEqualTo(I2iMethod.COOCCURRENCE);
    assertThatThrownBy(() -> I2iMethod.parse("jaccard")).hasMessageContaining("swing or cooccurrence");
  }
}
