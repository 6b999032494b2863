package io.recsys.evaluation.split;

import io.recsys.core.dataset.IdIndex;
import java.util.Arrays;

/**
 * The rank of each item index when item ids are compared as strings. The evaluation protocol breaks
 * every tie (equal timestamps, equal scores) by item id as a string, ascending; comparing two ints from
 * this table is the cheap way to do it. Immutable.
 */
public final class ItemOrder {
  private final int[] rankOf;

  private ItemOrder(int[] rankOf) {
    this.rankOf = rankOf;
  }

  public static ItemOrder of(IdIndex items) {
    int n = items.size();
    Integer[] byId = new Integer[n];
    for (int i = 0; i < n; i++) byId[i] = i;
    Arrays.sort(byId, (a, b) -> items.id(a).compareTo(items.id(b)));
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) rank[byId[r]] = r;
    return new ItemOrder(rank);
  }

  /** Position of this item in ascending string order of ids. */
  public int rank(int item) {
    return rankOf[item];
  }

  public int size() {
    return rankOf.length;
  }
}
