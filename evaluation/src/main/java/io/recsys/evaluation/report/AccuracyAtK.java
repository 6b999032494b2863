package io.recsys.evaluation.report;

/**
 * Mean accuracy over the users under test at one cutoff.
 *
 * @param k the cutoff
 * @param hitRate HR@K: share of users with at least one held-out item in the top K
 * @param recall Recall@K: mean share of a user's held-out items in the top K
 * @param precision Precision@K
 * @param ndcg NDCG@K with binary relevance
 * @param mrr MRR@K: mean reciprocal rank of the first hit within the top K
 * @param map MAP@K
 */
public record AccuracyAtK(int k, double hitRate, double recall, double precision, double ndcg, double mrr, double map) {}
