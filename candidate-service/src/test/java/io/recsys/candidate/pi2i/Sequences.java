package io.recsys.candidate.pi2i;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.List;
import java.util.Map;

/** Builds {@link UserSequences} for tests: item row i is id "i", user u's items in the given order. */
final class Sequences {
  private Sequences() {}

  /** {@code items[u]} = user u's items, oldest first (one hour apart); rows 0..itemCount-1 all exist. */
  static UserSequences of(int itemCount, int[]... items) {
    Dataset.Builder b = Dataset.builder();
    for (int i = 0; i < itemCount; i++) b.item(new Item(Integer.toString(i), "", List.of(), Item.UNKNOWN_YEAR, Map.of()));
    for (int u = 0; u < items.length; u++) {
      for (int p = 0; p < items[u].length; p++) {
        b.interaction(new Interaction("u" + u, Integer.toString(items[u][p]), InteractionType.CLICK, 1f,
            1_000_000_000_000L + (u * 10_000L + p) * 3_600_000L));
      }
    }
    Dataset data = b.build();
    return UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
  }
}
