package io.recsys.evaluation.fairness;

/**
 * Validated top-k recommendation lists: one list per user, each holding k distinct item indexes in
 * 0..n-1, best first. Every exposure measure in this package assumes exactly this shape, so it is
 * checked once, loudly, here.
 *
 * <p>The lists are not copied (they can be hundreds of megabytes); callers must not modify the
 * arrays while measures read them. Given that, instances are immutable and thread-safe.
 */
public final class TopKLists {
  private final int[][] lists;
  private final int users;
  private final int listLength;
  private final int items;

  private TopKLists(int[][] lists, int users, int listLength, int items) {
    this.lists = lists;
    this.users = users;
    this.listLength = listLength;
    this.items = items;
  }

  /**
   * Validates {@code lists} against a catalogue of {@code items} items.
   *
   * @throws IllegalArgumentException naming the offending list, rank and value when there are
   *     no lists, lists differ in length, a list is empty or longer than the catalogue, an index
   *     is out of range, or a list repeats an item
   */
  public static TopKLists of(int[][] lists, int items) {
    if (lists == null) {
      throw new IllegalArgumentException("recommendation lists must not be null");
    }
    if (items < 1) {
      throw new IllegalArgumentException("catalogue size n must be at least 1, got " + items);
    }
    if (lists.length == 0) {
      throw new IllegalArgumentException("no recommendation lists: at least one user is needed");
    }
    int k = requireRow(lists, 0).length;
    if (k == 0) {
      throw new IllegalArgumentException("list 0 is empty: k must be at least 1");
    }
    if (k > items) {
      throw new IllegalArgumentException(
          "list length k = " + k + " exceeds the catalogue size n = " + items);
    }
    int users = lists.length;
    // Gini's numerator is bounded by n*km and Jain's sum of squares by k*m^2; both are kept in
    // exact long arithmetic, so refuse sizes where that would overflow rather than wrap silently.
    long slots = (long) users * k;
    if (Math.multiplyHigh(slots, items) != 0 || slots * items < 0
        || Math.multiplyHigh(slots, users) != 0 || slots * users < 0) {
      throw new IllegalArgumentException(
          "m = " + users + ", k = " + k + ", n = " + items + " is too large for exact counting");
    }
    // seenBy[i] == u + 1 iff item i already occurred in list u: one int per item, no clearing.
    int[] seenBy = new int[items];
    for (int u = 0; u < users; u++) {
      int[] list = requireRow(lists, u);
      if (list.length != k) {
        throw new IllegalArgumentException(
            "list " + u + " has length " + list.length + " but list 0 has length " + k
                + ": all top-k lists must have the same k");
      }
      int stamp = u + 1;
      for (int rank = 0; rank < k; rank++) {
        int item = list[rank];
        if (item < 0 || item >= items) {
          throw new IllegalArgumentException(
              "list " + u + " rank " + (rank + 1) + ": item index " + item + " is outside 0.."
                  + (items - 1) + " (n = " + items + ")");
        }
        if (seenBy[item] == stamp) {
          throw new IllegalArgumentException(
              "list " + u + " contains item " + item + " twice (again at rank " + (rank + 1) + ")");
        }
        seenBy[item] = stamp;
      }
    }
    return new TopKLists(lists, users, k, items);
  }

  private static int[] requireRow(int[][] lists, int u) {
    int[] row = lists[u];
    if (row == null) {
      throw new IllegalArgumentException("list " + u + " is null");
    }
    return row;
  }

  /** m, the number of users (lists). */
  public int users() {
    return users;
  }

  /** k, the length of every list. */
  public int listLength() {
    return listLength;
  }

  /** n, the catalogue size. */
  public int items() {
    return items;
  }

  /** km, the number of recommendation slots. */
  public long slots() {
    return (long) users * listLength;
  }

  /** The item at 1-based {@code rank} of user {@code user}'s list. */
  public int item(int user, int rank) {
    return lists[user][rank - 1];
  }

  /** Direct access for measures in this package; never modified. */
  int[][] rows() {
    return lists;
  }
}
