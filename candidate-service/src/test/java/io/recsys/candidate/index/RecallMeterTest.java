package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecallMeterTest {
  private final ClusteredVectors data = ClusteredVectors.generate(1_000, 16, 4, 1.0, 5, 9);
  private final ExactItemIndex exact = new ExactItemIndex(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
  private final float[][] queries = data.queries(20, 3);

  /** Returns the exact answer without its best row (and one worse row in its place). */
  private final class MissesTheBest implements ItemIndex {
    @Override public String name() { return "misses-best"; }
    @Override public int size() { return exact.size(); }
    @Override public int dim() { return exact.dim(); }
    @Override public boolean supports(SearchFilter filter) { return true; }
    @Override public void close() {}

    @Override
    public void search(float[] query, int k, SearchFilter filter, Neighbours out) {
      Neighbours more = new Neighbours(k + 1);
      exact.search(query, k + 1, filter, more);
      out.begin(k);
      for (int i = 1; i < more.size(); i++) out.offer(more.row(i), more.score(i));
      out.finish();
    }
  }

  @Test
  void anIndexAgainstItselfHasRecallOne() {
    assertThat(RecallMeter.recallAtK(exact, exact, queries, 10, SearchFilter.NONE)).isEqualTo(1.0);
  }

  @Test
  void missingOneOfTenIsRecallNinetyPercent() {
    assertThat(RecallMeter.recallAtK(new MissesTheBest(), exact, queries, 10, SearchFilter.NONE)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void queriesWithNothingToFindAreLeftOut() {
    assertThat(RecallMeter.recallAtK(new MissesTheBest(), exact, queries, 10, SearchFilter.cluster(99))).isEqualTo(1.0);
  }
}
