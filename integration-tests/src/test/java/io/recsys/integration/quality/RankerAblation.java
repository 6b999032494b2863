package io.recsys.integration.quality;

import io.recsys.testsupport.SharedDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./recsys bench rank-ablation}: the ranker's ablations side by side on ml-100k leave-last-out
 * ({@link CascadeEvaluation}; candidate stages trained once, the ranker once per variant, same seed):
 * the AW-MoE as shipped, one MLP of the same size (K=1, hidden 4×32), the gate without attention
 * (mean pooling over behaviours), IPS off; and two settings: behaviour masking with the contrastive
 * loss on, the epoch kept by validation loss instead of AUC. A main, not a test: each variant trains for ~30 s.
 * Arguments: [variant name prefixes to run, default all]; arguments from the first {@code --} on are
 * ranker options run as one more variant (e.g. {@code -- --ranker-max-negatives 60}). Candidate-stage
 * options (e.g. a larger training window) come from {@code RECSYS_ABLATION_CANDIDATE_ARGS}.
 */
public final class RankerAblation {
  public static void main(String[] args) throws Exception {
    Map<String, String[]> variants = new LinkedHashMap<>();
    variants.put("AW-MoE (K=4, attention, IPS)", new String[] {});
    variants.put("one MLP, same size (K=1, 128)", new String[] {"--ranker-experts", "1", "--ranker-expert-hidden", "128"});
    variants.put("gate without attention", new String[] {"--ranker-attention", "false"});
    variants.put("IPS off", new String[] {"--ranker-ips", "false"});
    variants.put("+ masking, contrastive loss", new String[] {"--ranker-contrastive", "true"});
    variants.put("epoch kept by validation loss", new String[] {"--ranker-select", "loss"});
    int dash = java.util.Arrays.asList(args).indexOf("--");
    String[] names = dash < 0 ? args : java.util.Arrays.copyOf(args, dash);
    if (names.length > 0 || dash >= 0) variants.keySet().removeIf(k -> java.util.Arrays.stream(names).noneMatch(k::startsWith));
    if (dash >= 0) {
      String[] custom = java.util.Arrays.copyOfRange(args, dash + 1, args.length);
      variants.put(String.join(" ", custom), custom);
    }
    Path dir = Files.createTempDirectory("ranker-ablation");
    System.err.printf("java %s; cpus %d; training the candidate stages on ml-100k (leave-last-out training part) ...%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    String candidateArgs = System.getenv().getOrDefault("RECSYS_ABLATION_CANDIDATE_ARGS", "").strip();
    CascadeEvaluation eval = new CascadeEvaluation(SharedDatasets.movieLens100k(), dir,
        candidateArgs.isEmpty() ? new String[0] : candidateArgs.split("\\s+"));
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-32s %7s %8s %9s %9s %9s %8s %8s %7s%n", "variant", "HR@10",
        "NDCG@10", "NDCG clk", "AUC click", "AUC eng.", "ECE clk", "params", "train s"));
    boolean first = true;
    for (Map.Entry<String, String[]> v : variants.entrySet()) {
      System.err.println("ranker: " + v.getKey() + " ...");
      CascadeEvaluation.Result r = eval.rankerWith(v.getValue());
      if (first) {
        table.append(String.format(Locale.ROOT, "%-32s %7.3f %8.3f%n", "candidate order (no ranker)", r.candidateOrder().hr10(),
            r.candidateOrder().ndcg10()));
        first = false;
      }
      Map<String, Double> m = r.card().metrics();
      table.append(String.format(Locale.ROOT, "%-32s %7.3f %8.3f %9.3f %9.4f %9.4f %8.4f %8.0f %7.1f%n", v.getKey(), r.ranked().hr10(),
          r.ranked().ndcg10(), r.byClick().ndcg10(), m.get("validation.auc.click"), m.get("validation.auc.engage"), m.get("calibration.click.eceAfter"),
          m.get("parameters"), r.rankerSeconds()));
      System.err.print(table);
    }
    System.out.printf("ml-100k leave-last-out, %d candidates per test user%n%s", CascadeEvaluation.CANDIDATES, table);
  }
}
