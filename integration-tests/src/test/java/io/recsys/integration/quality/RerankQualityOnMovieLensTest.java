package io.recsys.integration.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.rerank.policy.RerankConfig;
import io.recsys.testsupport.SharedDatasets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-ranker with its default policy on ml-100k leave-last-out ({@link RerankQuality}): accuracy
 * holds (HR@10 and NDCG@10 within 3% of the ranker's own top 10), the slates are more diverse
 * (intra-list genre diversity ≥ 0.83, above every reference baseline's 0.805–0.825) and exposure is
 * spread more evenly (lower Gini). Skips without the shared dataset.
 */
class RerankQualityOnMovieLensTest {
  @TempDir Path tmp;

  @Test
  void diversifiesTheSlateWhileAccuracyHolds() throws Exception {
    CascadeEvaluation eval = new CascadeEvaluation(SharedDatasets.movieLens100k(), tmp);
    CascadeEvaluation.Result r = eval.rankerWith();
    RerankQuality q = new RerankQuality(eval);
    RerankQuality.Numbers off = q.rankerOff(r);
    RerankQuality.Numbers on = q.rerankerOn(r, RerankConfig.defaults());
    System.out.printf(Locale.ROOT, "ml-100k leave-last-out, %d test users, slate of %d%n%-26s %7s %8s %7s %7s%n"
            + "%-26s %7.3f %8.3f %7.3f %7.3f%n%-26s %7.3f %8.3f %7.3f %7.3f%n", r.relevant().size(), RerankQuality.SLATE,
        "", "HR@10", "NDCG@10", "ILD", "Gini", "re-ranker off (ranker)", off.hr10(), off.ndcg10(), off.ild(), off.gini(),
        "re-ranker on (defaults)", on.hr10(), on.ndcg10(), on.ild(), on.gini());
    assertThat(on.hr10()).as("HR@10 within 3%% of the ranker's").isGreaterThanOrEqualTo(0.97 * off.hr10());
    assertThat(on.ndcg10()).as("NDCG@10 within 3%% of the ranker's").isGreaterThanOrEqualTo(0.97 * off.ndcg10());
    assertThat(on.ild()).as("intra-list diversity (genre Jaccard)").isGreaterThanOrEqualTo(0.83).isGreaterThan(off.ild());
    assertThat(on.gini()).as("exposure Gini").isLessThan(off.gini());
  }
}
