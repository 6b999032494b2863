package io.recsys.evaluation.testing;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds small datasets for tests from compact "user item time" triples. */
public final class Interactions {
  private final Dataset.Builder builder = Dataset.builder();

  public static Interactions create() {
    return new Interactions();
  }

  /** A click of {@code item} by {@code user} at second {@code time}. */
  public Interactions click(String user, String item, long time) {
    return add(user, item, InteractionType.CLICK, time);
  }

  public Interactions add(String user, String item, InteractionType type, long time) {
    builder.interaction(new Interaction(user, item, type, 1f, time * 1000));
    return this;
  }

  /** Clicks {@code items} by {@code user} at seconds 1, 2, 3, ... */
  public Interactions sequence(String user, String... items) {
    for (int i = 0; i < items.length; i++) click(user, items[i], i + 1);
    return this;
  }

  public Interactions item(String item, String... categories) {
    builder.item(new Item(item, item, Arrays.asList(categories), Item.UNKNOWN_YEAR, Map.of()));
    return this;
  }

  public Dataset build() {
    return builder.build();
  }

  /** Item ids of a list of indexes, for readable assertions. */
  public static List<String> ids(Dataset data, int[] items, int length) {
    return Arrays.stream(items, 0, length).mapToObj(i -> data.items().id(i)).toList();
  }
}
