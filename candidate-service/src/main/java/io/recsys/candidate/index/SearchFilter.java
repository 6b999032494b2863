package io.recsys.candidate.index;

import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.ints.IntSets;
import java.util.Objects;
import java.util.Set;

/**
 * What a search must respect.
 *
 * <p>A per-request value, built once per request and reused for its component queries
 * ({@link #withCluster}). The category set is copied ({@link Set#copyOf}, small); the excluded-row
 * set is only wrapped unmodifiable, not copied, because it can hold a user's whole history and is
 * built fresh per request: callers must not change it after building the filter. Thread-safe if that
 * holds.
 *
 * @param cluster -1 = any item, else only items whose interest cluster is {@code cluster} (a
 *     cluster no item has matches nothing)
 * @param categories empty = any item, else items with at least one of these categories
 * @param excludedRows rows never returned (seen items, request excludes); rows outside the catalogue
 *     are ignored
 */
public record SearchFilter(int cluster, Set<String> categories, IntSet excludedRows) {
  public static final SearchFilter NONE = new SearchFilter(-1, Set.of(), IntSets.emptySet());

  public SearchFilter {
    if (cluster < -1) throw new IllegalArgumentException("cluster must be -1 (any) or >= 0: " + cluster);
    Objects.requireNonNull(categories, "categories");
    Objects.requireNonNull(excludedRows, "excludedRows");
    categories = Set.copyOf(categories);
    for (String c : categories) {
      if (c.isEmpty()) throw new IllegalArgumentException("categories must not hold an empty name");
    }
    if (excludedRows.isEmpty()) {
      excludedRows = IntSets.emptySet();
    } else if (!(excludedRows instanceof IntSets.UnmodifiableSet)) {
      excludedRows = IntSets.unmodifiable(excludedRows);
    }
  }

  /** Only items of interest cluster {@code c}, nothing else restricted. */
  public static SearchFilter cluster(int c) {
    if (c < 0) throw new IllegalArgumentException("cluster must be >= 0: " + c);
    return new SearchFilter(c, Set.of(), IntSets.emptySet());
  }

  /** Items with at least one of {@code categories}, nothing else restricted. */
  public static SearchFilter categories(Set<String> categories) {
    return new SearchFilter(-1, categories, IntSets.emptySet());
  }

  /** This filter, also never returning {@code rows} (replaces any excluded rows it had). */
  public SearchFilter excluding(IntSet rows) {
    return new SearchFilter(cluster, categories, rows);
  }

  /** This filter scoped to interest cluster {@code c} (-1 = any); the sets are shared, not copied. */
  public SearchFilter withCluster(int c) {
    return new SearchFilter(c, categories, excludedRows);
  }

  public boolean hasCluster() {
    return cluster >= 0;
  }

  public boolean hasCategories() {
    return !categories.isEmpty();
  }

  public boolean hasExclusions() {
    return !excludedRows.isEmpty();
  }
}
