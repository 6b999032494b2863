/**
 * A/B traffic splitting for {@code /v1/recommendations}: experiments read from a reloadable JSON file
 * ({@link io.recsys.gateway.experiment.ExperimentCatalog}), deterministic hash-based assignment of users
 * to variants ({@link io.recsys.gateway.experiment.VariantAssigner}), per-variant exposure and feedback
 * counts in Redis or memory ({@link io.recsys.gateway.experiment.ExposureLog}), and the report with
 * Wilson intervals and two-proportion z-tests ({@link io.recsys.gateway.experiment.ExperimentReport}).
 * The file format, the assignment rule and the statistics are documented in {@code gateway/EXPERIMENTS.md}.
 */
package io.recsys.gateway.experiment;
