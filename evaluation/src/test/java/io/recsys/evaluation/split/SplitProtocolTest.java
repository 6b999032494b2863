package io.recsys.evaluation.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.Dataset;
import org.junit.jupiter.api.Test;

class SplitProtocolTest {
  private final Dataset data = Interactions.create()
      .sequence("long", "a", "b", "c", "d", "e")
      .sequence("short", "a", "b")
      .build();
  private final UserSequences all =
      UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));

  @Test
  void leaveLastOutHoldsOutEachUsersLastItem() {
    Split split = SplitProtocol.LEAVE_LAST_OUT.split(all, 2, 0, 0);
    int longUser = data.users().indexOf("long");
    assertThat(Interactions.ids(data, split.testItems(longUser), 1)).containsExactly("e");
    assertThat(Interactions.ids(data, split.train().items(longUser), 4)).containsExactly("a", "b", "c", "d");
    assertThat(split.testUsers()).hasSize(2);
  }

  @Test
  void usersBelowTheMinimumAreDroppedFromTrainingAndTest() {
    Split split = SplitProtocol.LEAVE_LAST_OUT.split(all, 5, 0, 0);
    int shortUser = data.users().indexOf("short");
    assertThat(split.testItems(shortUser)).isEmpty();
    assertThat(split.train().length(shortUser)).isZero();
    assertThat(split.testUsers()).containsExactly(data.users().indexOf("long"));
  }

  @Test
  void temporalSplitHoldsOutEverythingAfterOneGlobalCut() {
    // 7 entries at seconds 1..5 and 1..2; the newest 40% (>= 2.8 entries) start at second 3? The cut is
    // the timestamp at position floor(7 * 0.6) = 4 of the sorted times 1,1,2,2,3,4,5 -> 3.
    Split split = SplitProtocol.TEMPORAL.split(all, 1, 0.4, 0);
    int longUser = data.users().indexOf("long");
    int shortUser = data.users().indexOf("short");
    assertThat(Interactions.ids(data, split.testItems(longUser), 3)).containsExactly("c", "d", "e");
    assertThat(split.testItems(shortUser)).isEmpty();
    assertThat(split.train().length(shortUser)).isEqualTo(2);
  }

  @Test
  void randomSplitIsDeterministicForASeed() {
    Split a = SplitProtocol.RANDOM.split(all, 1, 0.5, 7);
    Split b = SplitProtocol.RANDOM.split(all, 1, 0.5, 7);
    int testEntries = 0;
    int trainEntries = 0;
    for (int u = 0; u < all.userCount(); u++) {
      assertThat(a.testItems(u)).isEqualTo(b.testItems(u));
      assertThat(a.train().items(u)).isEqualTo(b.train().items(u));
      testEntries += a.testItems(u).length;
      trainEntries += a.train().length(u);
    }
    // A split that sent nothing to test (or everything) would be deterministic too, and useless.
    assertThat(testEntries).as("entries sent to test").isPositive();
    assertThat(trainEntries).as("entries kept for training").isPositive();
  }

  @Test
  void everyEntryEndsInExactlyOnePart() {
    for (SplitProtocol p : SplitProtocol.values()) {
      Split split = p.split(all, 1, 0.5, 3);
      for (int u = 0; u < all.userCount(); u++) {
        int total = split.train().length(u) + split.testItems(u).length;
        // a user whose entries all fell into test is dropped entirely
        assertThat(total).isIn(0, all.length(u));
      }
    }
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> SplitProtocol.TEMPORAL.split(all, 1, 1.5, 0)).hasMessageContaining("testFraction");
    assertThatThrownBy(() -> SplitProtocol.LEAVE_LAST_OUT.split(all, 0, 0, 0)).hasMessageContaining("minInteractions");
    assertThatThrownBy(() -> SplitProtocol.parse("weekly")).hasMessageContaining("leave-last-out");
  }
}
