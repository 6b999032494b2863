package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * VoCD: the mean, over unordered pairs of exposed items, of |c_i - c_j| / max(c_i, c_j); lower is
 * fairer. No correction exists (paper and code).
 *
 * <p>From {@code FairWORel.get_vocd}, which runs {@code pdist} over the counts of exposed items
 * only ({@code np.unique(..., return_counts=True)}) and takes the mean. Unexposed items are thus
 * ignored: every user getting the same k items scores a perfect 0. A note records how many items
 * were left out. With fewer than two exposed items there is no pair and the value is undefined
 * (the official mean of an empty array is NaN).
 *
 * <p>Instead of the O(E^2) pair loop: with the counts sorted ascending, each pair i &lt; j
 * contributes 1 - c_i / c_j (0 for ties), so the sum is sum_j ((j - 1) - prefix_j / c_j) over the E
 * exposed items, where prefix_j is the sum of the smaller counts. O(E) after the shared sort.
 */
public final class PairwiseRelativeCountDifference implements ExposureFairnessMeasure {
  public static final String NAME = "VoCD";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FairnessDirection direction() {
    return FairnessDirection.LOWER_IS_FAIRER;
  }

  @Override
  public FairnessScore score(ExposureCounts exposure) {
    int n = exposure.items();
    int exposed = exposure.exposedItems();
    List<String> notes = new ArrayList<>();
    if (n > exposed) {
      notes.add("VoCD ignores the " + (n - exposed) + " unexposed item(s)");
    }
    if (exposed < 2) {
      notes.add("fewer than two exposed items: no pairs to compare, VoCD is undefined");
      return FairnessScore.uncorrected(NAME, direction(), OptionalDouble.empty(), notes);
    }
    int[] sorted = exposure.sortedCountsView();
    int first = n - exposed;
    long prefix = 0;
    double sum = 0;
    for (int j = first; j < n; j++) {
      int c = sorted[j];
      sum += (j - first) - (double) prefix / c;
      prefix += c;
    }
    double pairs = (double) exposed * (exposed - 1) / 2;
    return FairnessScore.uncorrected(NAME, direction(), OptionalDouble.of(sum / pairs), notes);
  }
}
