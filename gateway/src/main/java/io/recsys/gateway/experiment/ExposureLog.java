package io.recsys.gateway.experiment;

import java.util.List;
import java.util.Map;

/**
 * Per-variant counters and a capped log of exposures: what the experiment report reads. Implementations
 * are thread-safe. Counts only grow; there is no reset short of deleting the store's keys.
 *
 * <p>Errors of the backing store surface as {@link ExposureLogException}; the gateway treats exposure
 * logging as fail-open (a lost exposure must not fail a recommendation) and counts the failures.
 */
public interface ExposureLog {
  /**
   * Counts one request and {@code itemsShown} items for the assignment's (experiment, variant) and
   * appends the exposure to the experiment's capped log.
   *
   * @throws IllegalArgumentException for a negative {@code itemsShown} or missing ids
   * @throws ExposureLogException when the store fails
   */
  void recordExposure(String requestId, String userId, Assignment assignment, int itemsShown);

  /**
   * Adds displayed items and clicks reported by clients for (experiment, variant).
   *
   * @throws IllegalArgumentException for negative counts or an invalid name
   * @throws ExposureLogException when the store fails
   */
  void recordFeedback(String experiment, String variant, long impressions, long clicks);

  /** Totals per variant name (only variants with something recorded); empty for an unknown experiment. */
  Map<String, VariantCounts> counts(String experiment);

  /** The newest exposures of {@code experiment}, newest first, at most {@code limit}. */
  List<Exposure> recentExposures(String experiment, int limit);

  /** The argument rules every implementation applies to {@link #recordExposure}. */
  static void checkExposure(String requestId, String userId, Assignment assignment, int itemsShown) {
    if (requestId == null || requestId.isEmpty()) throw new IllegalArgumentException("requestId is required");
    if (userId == null) throw new IllegalArgumentException("userId is required");
    if (assignment == null) throw new IllegalArgumentException("assignment is required");
    checkName("experiment", assignment.experiment());
    checkName("variant", assignment.variant());
    if (itemsShown < 0) throw new IllegalArgumentException("itemsShown must be >= 0: " + itemsShown);
  }

  /** The argument rules every implementation applies to {@link #recordFeedback}. */
  static void checkFeedback(String experiment, String variant, long impressions, long clicks) {
    checkName("experiment", experiment);
    checkName("variant", variant);
    if (impressions < 0) throw new IllegalArgumentException("impressions must be >= 0: " + impressions);
    if (clicks < 0) throw new IllegalArgumentException("clicks must be >= 0: " + clicks);
  }

  /** Experiment and variant names as the log accepts them: the catalog's name rule. */
  static void checkName(String field, String name) {
    // Names become key hash tags and hash fields: the same rule as in the catalog keeps them unambiguous.
    if (name == null || !Variant.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " must match [A-Za-z0-9_.-]{1,64}: " + name);
    }
  }
}
