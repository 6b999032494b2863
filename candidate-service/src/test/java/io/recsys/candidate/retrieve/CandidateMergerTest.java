package io.recsys.candidate.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.testing.TrainedFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateMergerTest {
  @Test
  void quotasSplitTheCountByLargestRemainder() {
    assertThat(CandidateMerger.quotas(new double[] {0.45, 0.45, 0.10}, 10)).containsExactly(5, 4, 1);
    assertThat(CandidateMerger.quotas(new double[] {1, 1, 1}, 10)).containsExactly(4, 3, 3);
    assertThat(CandidateMerger.quotas(new double[] {0, 0}, 10)).containsExactly(0, 0);
    int[] q = CandidateMerger.quotas(new double[] {0.3, 0.2, 0.5}, 7);
    assertThat(q[0] + q[1] + q[2]).isEqualTo(7);
  }

  private static SourceResult result(String name, int... rows) {
    SourceResult r = new SourceResult(name, rows.length);
    for (int i = 0; i < rows.length; i++) r.add(rows[i], 1f - i * 0.1f, -1);
    return r;
  }

  private static CandidateSource named(String name) {
    return new CandidateSource() {
      @Override public String name() { return name; }
      @Override public SourceResult fetch(RetrievalContext context, int k) { throw new UnsupportedOperationException(); }
      @Override public String tag(int detail, RetrievalContext context) { return name + ":tag"; }
    };
  }

  @Test
  void eachSourceClaimsItsQuotaThenFusedRankFillsAndSharedItemsCarryBothSources() {
    CandidateModel model = TrainedFixture.get().trained.model();
    RetrievalContext ctx = RetrievalContext.of(model, UserState.cold("x", 0), RetrievalRequest.of(4));
    // a: 1 2 3 4; b: 2 5 6. Quotas 2 + 2: a claims 1, 2; b claims 5, 6 (2 already taken); nothing left to fill.
    Map<String, Integer> claimed = new LinkedHashMap<>();
    List<Candidate> out = new CandidateMerger().merge(List.of(named("a"), named("b")),
        List.of(result("a", 1, 2, 3, 4), result("b", 2, 5, 6)), new double[] {0.5, 0.5}, 4, ctx, claimed);
    assertThat(out).extracting(Candidate::row).containsExactlyInAnyOrder(1, 2, 5, 6);
    assertThat(claimed).containsEntry("a", 2).containsEntry("b", 2);
    Candidate two = out.stream().filter(c -> c.row() == 2).findFirst().orElseThrow();
    assertThat(two.sources()).containsExactly("a:tag", "b:tag");
    assertThat(two.sourceScores()).containsKeys("a", "b");
    // Found by both sources, 2 has the highest fused score.
    assertThat(out.getFirst().row()).isEqualTo(2);
  }

  @Test
  void aSourceThatFindsLittleHandsItsSlotsToTheOthers() {
    CandidateModel model = TrainedFixture.get().trained.model();
    RetrievalContext ctx = RetrievalContext.of(model, UserState.cold("x", 0), RetrievalRequest.of(5));
    Map<String, Integer> claimed = new LinkedHashMap<>();
    List<Candidate> out = new CandidateMerger().merge(List.of(named("a"), named("b")),
        List.of(result("a", 1, 2, 3, 4, 7, 8), result("b")), new double[] {0.5, 0.5}, 5, ctx, claimed);
    assertThat(out).hasSize(5);
    assertThat(claimed).containsEntry("a", 5);
  }
}
