package io.recsys.rerank.policy;

/**
 * How the re-ranker trades an item's quality against its similarity to the items already in the slate.
 *
 * <ul>
 *   <li>{@link #NONE}: by quality alone (business rules still apply).
 *   <li>{@link #MMR}: maximal marginal relevance, {@code λ·q̂ − (1−λ)·max sim} ({@link RerankConfig#mmrLambda()}).
 *   <li>{@link #DPP}: greedy MAP inference of a determinantal point process whose kernel is the cosine
 *       similarity scaled by quality ({@link RerankConfig#dppTheta()}).
 * </ul>
 */
public enum Diversity {
  NONE,
  MMR,
  DPP
}
