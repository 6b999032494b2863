package io.recsys.evaluation.baseline;

/**
 * Produces a user's top-K list of item indexes, excluding the items the user interacted with in
 * training. Implementations: the reference baselines and {@code RecommendationFile} (lists read from a
 * file). Implementations keep scratch buffers and are not thread-safe: each thread uses its own
 * {@link #fork()}, which shares the immutable model and allocates fresh scratch space.
 */
public interface Recommender {
  /** Short name for reports, e.g. "pop". */
  String name();

  /**
   * Writes up to {@code k} item indexes, best first, into {@code out} and returns how many were
   * written (fewer than k only when the recommender has no more items for this user).
   */
  int recommend(int user, int k, int[] out);

  /** An instance for another thread: same model (shared, read-only), its own scratch buffers. */
  Recommender fork();
}
