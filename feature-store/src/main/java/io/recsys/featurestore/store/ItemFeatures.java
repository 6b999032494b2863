package io.recsys.featurestore.store;

import java.util.List;
import java.util.Map;

/**
 * What the store holds about one item, as one batch read returns it.
 *
 * @param itemId the item
 * @param present false when the store holds nothing for this id (all other fields are then empty)
 * @param title display title, empty when unknown
 * @param categories categories in source order
 * @param year release year, 0 when unknown
 * @param attributes further metadata
 * @param embedding the item embedding; empty when none was written
 * @param counters decayed counters as of the store clock's now, and raw counts
 */
public record ItemFeatures(String itemId, boolean present, String title, List<String> categories, int year,
    Map<String, String> attributes, float[] embedding, ItemCounters counters) {
  public ItemFeatures {
    categories = List.copyOf(categories);
    attributes = Map.copyOf(attributes);
  }

  public static ItemFeatures absent(String itemId) {
    return new ItemFeatures(itemId, false, "", List.of(), 0, Map.of(), new float[0], ItemCounters.NONE);
  }
}
