package io.recsys.integration.quality;

import io.recsys.rerank.features.Similarity;
import io.recsys.rerank.policy.Diversity;
import io.recsys.rerank.policy.RerankConfig;
import io.recsys.testsupport.SharedDatasets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code ./recsys bench rerank-sweep}: the re-ranker's settings on ml-100k leave-last-out
 * ({@link RerankQuality}), one line per setting: accuracy, intra-list diversity and exposure Gini next
 * to the ranker's own top 10. Candidate stages and ranker trained once. A main, not a test. Argument:
 * [similarity: EMBEDDING, CATEGORIES or BOTH; default all].
 */
public final class RerankSweep {
  public static void main(String[] args) throws Exception {
    CascadeEvaluation eval = new CascadeEvaluation(SharedDatasets.movieLens100k(), Files.createTempDirectory("rerank-sweep"));
    CascadeEvaluation.Result r = eval.rankerWith();
    RerankQuality q = new RerankQuality(eval);
    RerankQuality.Numbers off = q.rankerOff(r);
    System.out.printf(Locale.ROOT, "%-58s %6s %8s %6s %6s%n", "setting", "HR@10", "NDCG@10", "ILD", "Gini");
    print("re-ranker off (the ranker's top 10)", off);
    RerankConfig base = RerankConfig.defaults().withPropensitySamples(0).withMaxPerCategory(0).withDiversity(Diversity.MMR);
    for (Similarity similarity : args.length > 0 ? new Similarity[] {Similarity.valueOf(args[0])} : Similarity.values()) {
      for (double s : grid("sweep.priorStrength", 0, 20, 100, 500, 1000)) {
        RerankConfig e = s == 0 ? base.withExplore(false) : base.withExplore(true).withPriorStrength(s);
        for (double lambda : grid("sweep.mmrLambda", 0.55, 0.6, 0.62, 0.65, 0.7)) {
          print(String.format(Locale.ROOT, "%s %s MMR λ=%.2f", similarity, s == 0 ? "greedy" : "TS s=" + (int) s, lambda),
              q.rerankerOn(r, e.withMmrLambda(lambda), similarity));
        }
        for (double theta : grid("sweep.dppTheta", 0.8, 0.82)) {
          print(String.format(Locale.ROOT, "%s %s DPP θ=%.2f", similarity, s == 0 ? "greedy" : "TS s=" + (int) s, theta),
              q.rerankerOn(r, e.withDiversity(Diversity.DPP).withDppTheta(theta), similarity));
        }
      }
    }
  }

  /** The values of system property {@code name} (comma-separated), or {@code defaults}. */
  private static double[] grid(String name, double... defaults) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) return defaults;
    String[] parts = v.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].strip());
    return out;
  }

  private static void print(String name, RerankQuality.Numbers n) {
    System.out.printf(Locale.ROOT, "%-58s %6.3f %8.3f %6.3f %6.3f%n", name, n.hr10(), n.ndcg10(), n.ild(), n.gini());
  }
}
