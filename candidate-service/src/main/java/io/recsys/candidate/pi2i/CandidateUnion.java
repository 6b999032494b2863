package io.recsys.candidate.pi2i;

import java.util.Arrays;

/**
 * Scratch for one request (or one training position): the union of the triggers' lists, with per
 * target the number of triggers listing it and the sum of their scores, and an excluded set. Shared
 * by {@link Pi2iRetriever} and the training-example generator so that training sees exactly the
 * candidates and aggregate features serving computes.
 *
 * <p>Dedupe is by generation stamps (like Lucene's visited sets): {@link #begin} bumps a counter
 * instead of clearing catalogue-sized arrays, so a request costs in proportion to the candidates it
 * touches, not to the catalogue. Not thread-safe: one per thread.
 */
final class CandidateUnion {
  private final int[] excludedAt;
  private final int[] seenAt;
  final int[] support;
  final float[] scoreSum;
  /** Per-target best logit and trigger, for the retriever's second pass. */
  final float[] bestLogit;
  final int[] bestTrigger;
  int[] candidates = new int[256];
  int size;
  private int generation;

  CandidateUnion(int items) {
    excludedAt = new int[items];
    seenAt = new int[items];
    support = new int[items];
    scoreSum = new float[items];
    bestLogit = new float[items];
    bestTrigger = new int[items];
  }

  int items() {
    return seenAt.length;
  }

  void begin() {
    if (++generation == Integer.MAX_VALUE) { // wrapped: old stamps could collide with new ones
      Arrays.fill(excludedAt, 0);
      Arrays.fill(seenAt, 0);
      generation = 1;
    }
    size = 0;
  }

  void exclude(int row) {
    excludedAt[row] = generation;
  }

  boolean excluded(int row) {
    return excludedAt[row] == generation;
  }

  boolean contains(int row) {
    return seenAt[row] == generation;
  }

  /** Adds the first {@code length} entries of the trigger's list, skipping excluded rows. */
  void addList(ItemToItemIndex i2i, int trigger, int length) {
    for (int pos = 0; pos < length; pos++) {
      int j = i2i.neighbour(trigger, pos);
      if (excludedAt[j] == generation) continue;
      if (seenAt[j] != generation) {
        seenAt[j] = generation;
        support[j] = 0;
        scoreSum[j] = 0;
        bestLogit[j] = Float.NEGATIVE_INFINITY;
        bestTrigger[j] = -1;
        if (size == candidates.length) candidates = Arrays.copyOf(candidates, size * 2);
        candidates[size++] = j;
      }
      support[j]++;
      scoreSum[j] += i2i.score(trigger, pos);
    }
  }
}
