/**
 * Exposure-based individual item fairness of a set of top-k recommendation lists, in the original
 * and the corrected form of Rampisela, Maistro, Ruotsalo and Lioma, "Evaluation Measures of
 * Individual Item Fairness for Recommender Systems: A Critical Study" (ACM TORS 2024,
 * doi 10.1145/3631943).
 *
 * <p>Every formula follows the authors' code, repository
 * {@code theresiavr/individual-item-fairness-measures-recsys}, file
 * {@code RecBole/recbole/evaluator/metrics.py} at commit
 * {@code 312940f46edc87ba40edde78d0f77a2cbc04652f} (classes {@code FairWORel} and
 * {@code IID_AID}); each measure's class comment names the function it came from.
 *
 * <p>Data flow: {@link io.recsys.evaluation.fairness.TopKLists} (validated input) &rarr;
 * {@link io.recsys.evaluation.fairness.ExposureCounts} (per-item exposure) &rarr; one
 * {@link io.recsys.evaluation.fairness.ExposureFairnessMeasure} per measure &rarr;
 * {@link io.recsys.evaluation.fairness.FairnessScore}; {@link
 * io.recsys.evaluation.fairness.ExposureFairness} runs all of them in a fixed order.
 *
 * <p>Notation used throughout: m users, lists of length k, n catalogue items, exposure count
 * c_i of item i over all lists, km slots, q = floor(km / n), r = km mod n.
 */
package io.recsys.evaluation.fairness;
