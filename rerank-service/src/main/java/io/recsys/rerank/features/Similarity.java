package io.recsys.rerank.features;

/** What the re-ranker's item similarity (diversity, near-duplicates) is computed from. */
public enum Similarity {
  /** Cosine of the item embeddings (the feature store's, from ./recsys train). */
  EMBEDDING,
  /** Cosine of multi-hot category vectors: close to the overlap of the items' category sets. */
  CATEGORIES,
  /** Both, each normalised and weighted 1/√2: cosine is the mean of the two similarities. */
  BOTH
}
