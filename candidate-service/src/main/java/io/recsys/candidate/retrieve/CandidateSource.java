package io.recsys.candidate.retrieve;

/**
 * One way of proposing candidates (product-mixer's CandidateSource): given the request context, up to
 * {@code k} item rows best first, none of them excluded and all passing the request's category filter.
 * Implementations are stateless apart from the model they read and thread-safe.
 */
public interface CandidateSource {
  /** The source's name in provenance tags and metrics, e.g. {@code knn-embed}. */
  String name();

  SourceResult fetch(RetrievalContext context, int k);

  /** The provenance tag of an entry with this detail, e.g. {@code knn-embed:cluster-7}. */
  String tag(int detail, RetrievalContext context);
}
