package io.recsys.candidate.embed;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.User;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Generated training data for the candidate tests: user and item index u / i are the planted numbers. */
public final class Interactions {
  /** Timestamps start here (2024-01-01T00:00:00Z). */
  public static final long START_MILLIS = 1_704_067_200_000L;
  public static final long DAY_MILLIS = 86_400_000L;

  private Interactions() {}

  /**
   * Sequences where user {@code u} engaged with {@code items[u][p]} on day {@code p} (so position p of
   * the sequence is the p-th item); item index i is planted item i.
   */
  public static UserSequences sequences(int[][] items, int itemCount) {
    long[][] days = new long[items.length][];
    for (int u = 0; u < items.length; u++) {
      days[u] = new long[items[u].length];
      for (int p = 0; p < days[u].length; p++) days[u][p] = p;
    }
    return sequences(items, days, itemCount);
  }

  /** As above with explicit days since {@link #START_MILLIS}. */
  public static UserSequences sequences(int[][] items, long[][] days, int itemCount) {
    Dataset.Builder b = Dataset.builder();
    // Items and users interned first, in planted order, so dataset indexes equal planted numbers.
    for (int i = 0; i < itemCount; i++) b.item(new Item(itemId(i), "", List.of(), Item.UNKNOWN_YEAR, Map.of()));
    for (int u = 0; u < items.length; u++) b.user(new User("u" + u, Map.of()));
    for (int u = 0; u < items.length; u++) {
      for (int p = 0; p < items[u].length; p++) {
        b.interaction(new Interaction("u" + u, itemId(items[u][p]), InteractionType.CLICK, 1f,
            START_MILLIS + days[u][p] * DAY_MILLIS));
      }
    }
    Dataset data = b.build();
    return UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
  }

  public static String itemId(int i) {
    return "i" + i;
  }

  public static String[] itemIds(int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) ids[i] = itemId(i);
    return ids;
  }

  /**
   * Planted groups: items {@code [g * itemsPerGroup, (g+1) * itemsPerGroup)} form group g, user u
   * belongs to group {@code u % groups} and engaged with {@code perUser} distinct random items of
   * its group (in random order).
   */
  public static int[][] groupHistories(int groups, int itemsPerGroup, int users, int perUser, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] out = new int[users][];
    for (int u = 0; u < users; u++) {
      int g = u % groups;
      int[] pool = new int[itemsPerGroup];
      for (int j = 0; j < itemsPerGroup; j++) pool[j] = g * itemsPerGroup + j;
      for (int j = 0; j < perUser; j++) { // partial Fisher-Yates
        int k = j + random.nextInt(itemsPerGroup - j);
        int t = pool[j];
        pool[j] = pool[k];
        pool[k] = t;
      }
      out[u] = java.util.Arrays.copyOf(pool, perUser);
    }
    return out;
  }
}
