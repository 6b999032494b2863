package io.recsys.evaluation.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import org.junit.jupiter.api.Test;

class UserSequencesTest {
  @Test
  void ordersByTimeAndBreaksTiesByItemIdAsAString() {
    Dataset data = Interactions.create()
        .click("u", "9", 5).click("u", "10", 5).click("u", "2", 1).build();
    UserSequences s = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    // "10" < "9" as strings, so at the tied second 5 item 10 comes first.
    assertThat(Interactions.ids(data, s.items(0), 3)).containsExactly("2", "10", "9");
  }

  @Test
  void keepsOnlyTheFirstOccurrenceOfARepeatedItem() {
    Dataset data = Interactions.create().sequence("u", "a", "b", "a", "c").build();
    UserSequences s = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    assertThat(Interactions.ids(data, s.items(0), s.length(0))).containsExactly("a", "b", "c");
  }

  @Test
  void impressionsAreNotPositiveFeedbackByDefault() {
    Dataset data = Interactions.create()
        .add("u", "a", InteractionType.IMPRESSION, 1).add("u", "b", InteractionType.PURCHASE, 2).build();
    UserSequences s = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    assertThat(Interactions.ids(data, s.items(0), s.length(0))).containsExactly("b");
    assertThat(s.itemCount()).isEqualTo(2);
  }

  @Test
  void withoutLastDropsEachUsersNewestItemsAndKeepsTheirOrder() {
    Dataset data = Interactions.create().sequence("u", "a", "b", "c", "d").sequence("v", "x", "y").build();
    UserSequences s = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    UserSequences before = s.withoutLast(2);
    assertThat(Interactions.ids(data, before.items(0), before.length(0))).containsExactly("a", "b");
    assertThat(before.length(1)).isZero();
    assertThat(before.timestamp(0, 1)).isEqualTo(s.timestamp(0, 1));
    assertThat(before.itemCount()).isEqualTo(s.itemCount());
    assertThat(s.withoutLast(0).totalLength()).isEqualTo(s.totalLength());
  }
}
