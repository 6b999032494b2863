package io.recsys.evaluation.report;

import io.recsys.evaluation.fairness.ExposureFairnessReport;
import java.util.List;

/**
 * Everything one evaluation run measured, as printed and as written to JSON.
 *
 * @param dataset the dataset directory
 * @param recommender what was scored: a baseline name or the recommendation file
 * @param protocol how the data was split
 * @param users users in the dataset
 * @param items items in the dataset (the catalogue for coverage and fairness)
 * @param testUsers users under test
 * @param shortLists test users whose list was shorter than the largest cutoff (their misses count)
 * @param accuracy accuracy at each cutoff
 * @param beyondAccuracy coverage, diversity and novelty of the top lists
 * @param exposureFairness individual-item exposure fairness of the top lists (original and corrected);
 *     null when no user had a full list
 * @param notes anything the reader should know (dropped rows, skipped users, ...)
 * @param elapsedMillis wall time of the whole run
 */
public record EvaluationReport(String dataset, String recommender, String protocol, int users, int items,
    int testUsers, int shortLists, List<AccuracyAtK> accuracy, BeyondAccuracy beyondAccuracy,
    ExposureFairnessReport exposureFairness, List<String> notes, long elapsedMillis) {}
