package io.recsys.candidate.pi2i;

/**
 * The output of one {@link Pi2iRetriever#retrieve}: up to {@link #capacity()} targets, best first,
 * each with its p(engage) and the trigger row whose pair scored best. Reusable: each retrieval
 * overwrites it, so a serving thread keeps one and allocates nothing per request. Not thread-safe.
 */
public final class Pi2iResult {
  private final int[] targets;
  private final float[] scores;
  private final int[] triggers;
  private int size;

  public Pi2iResult(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    targets = new int[capacity];
    scores = new float[capacity];
    triggers = new int[capacity];
  }

  public int capacity() {
    return targets.length;
  }

  public int size() {
    return size;
  }

  /** Target row at rank {@code i} (0 = best). */
  public int target(int i) {
    check(i);
    return targets[i];
  }

  /** p(engage) of rank {@code i}. */
  public float score(int i) {
    check(i);
    return scores[i];
  }

  /** The trigger row whose pair gave rank {@code i} its score. */
  public int trigger(int i) {
    check(i);
    return triggers[i];
  }

  private void check(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("rank " + i + " outside 0.." + (size - 1));
  }

  void clear() {
    size = 0;
  }

  void set(int i, int target, float score, int trigger) {
    targets[i] = target;
    scores[i] = score;
    triggers[i] = trigger;
  }

  void size(int n) {
    size = n;
  }
}
