package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;

/**
 * Picks the k best-scored items a user has not interacted with in training. Order: higher score first;
 * equal scores by item id as a string, ascending (the protocol's tie rule, so results never depend on
 * index assignment). A bounded min-heap of the current k best keeps it O(n log k) with no allocation.
 *
 * <p>Holds scratch buffers: not thread-safe; one per thread.
 */
final class TopKSelector {
  private final ItemOrder order;
  private final UserSequences train;
  private final int[] seenBy;
  private int[] heap = new int[0];
  private int size;
  private double[] scores;

  TopKSelector(ItemOrder order, UserSequences train) {
    this.order = order;
    this.train = train;
    this.seenBy = new int[train.itemCount()];
  }

  /**
   * Writes the user's top k unseen items by {@code scores} (indexed by item) into {@code out}; returns
   * how many were written.
   */
  int select(int user, double[] scores, int k, int[] out) {
    if (k <= 0) throw new IllegalArgumentException("k must be positive, was " + k);
    if (out.length < k) throw new IllegalArgumentException("out holds " + out.length + " items, k is " + k);
    int mark = user + 1;
    for (int p = 0; p < train.length(user); p++) seenBy[train.item(user, p)] = mark;
    if (heap.length < k) heap = new int[k];
    this.scores = scores;
    size = 0;
    for (int item = 0; item < scores.length; item++) {
      if (seenBy[item] == mark) continue;
      if (size < k) {
        heap[size++] = item;
        siftUp(size - 1);
      } else if (better(item, heap[0])) {
        heap[0] = item;
        siftDown(0);
      }
    }
    int n = size;
    // Pop the worst first, filling from the back.
    for (int i = n - 1; i >= 0; i--) {
      out[i] = heap[0];
      heap[0] = heap[--size];
      siftDown(0);
    }
    // Marks are never cleared: every call re-marks its user's items with that user's own value, so
    // a stale mark of another user can never exclude an item.
    return n;
  }

  private boolean better(int a, int b) {
    double sa = scores[a];
    double sb = scores[b];
    if (sa != sb) return sa > sb;
    return order.rank(a) < order.rank(b);
  }

  private void siftUp(int i) {
    int x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(heap[parent], x)) break; // parent is worse or equal: heap root holds the worst
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private void siftDown(int i) {
    if (size == 0) return;
    int x = heap[i];
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) break;
      int right = left + 1;
      int worse = right < size && better(heap[left], heap[right]) ? right : left;
      if (!better(x, heap[worse])) break;
      heap[i] = heap[worse];
      i = worse;
    }
    heap[i] = x;
  }
}
