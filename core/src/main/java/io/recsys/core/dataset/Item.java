package io.recsys.core.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Item metadata.
 *
 * @param itemId the item's id as the source wrote it
 * @param title display title, empty when unknown
 * @param categories categories (genres, departments), in source order, possibly empty
 * @param year release or publication year, {@link #UNKNOWN_YEAR} when unknown
 * @param attributes any further source attributes, by name
 */
public record Item(String itemId, String title, List<String> categories, int year, Map<String, String> attributes) {
  public static final int UNKNOWN_YEAR = 0;

  public Item {
    Objects.requireNonNull(itemId, "itemId");
    if (itemId.isEmpty()) throw new IllegalArgumentException("itemId is empty");
    title = title == null ? "" : title;
    categories = List.copyOf(categories);
    attributes = Map.copyOf(attributes);
  }

  public boolean hasYear() {
    return year != UNKNOWN_YEAR;
  }
}
