package io.recsys.evaluation.report;

/**
 * Properties of the top-K lists beyond accuracy.
 *
 * @param k the cutoff they are measured at
 * @param coverage share of the catalogue shown to at least one user
 * @param intraListDiversityByCategory mean pairwise Jaccard distance of category sets, averaged over users
 * @param intraListDiversityByEmbedding mean pairwise cosine distance of embeddings, averaged over users;
 *     null when no embeddings were given
 * @param novelty mean self-information -log2 p(item) of recommended items
 */
public record BeyondAccuracy(int k, double coverage, double intraListDiversityByCategory,
    Double intraListDiversityByEmbedding, double novelty) {}
