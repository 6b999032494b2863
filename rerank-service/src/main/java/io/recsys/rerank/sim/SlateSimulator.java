package io.recsys.rerank.sim;

import io.recsys.core.synthetic.Catalog;
import io.recsys.evaluation.fairness.ExposureCounts;
import io.recsys.evaluation.fairness.Gini;
import io.recsys.rerank.policy.Diversity;
import io.recsys.rerank.policy.RerankConfig;
import io.recsys.rerank.policy.Slate;
import io.recsys.rerank.policy.SlateInput;
import io.recsys.rerank.policy.SlateReranker;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An offline, reproducible user simulator for the re-ranker's exploration: items of the synthetic
 * generator's catalogue with their hidden true click rates (its ground truth), a ranker whose
 * probabilities are wrong per item by a fixed log-normal factor (miscalibration; the same error every
 * round, as a biased model's would be), and a feedback loop that counts impressions and clicks per
 * item the way the feature store does and hands them to the policy the next round.
 *
 * <p>Each round: one user with one favourite topic; 100 candidates (70% from that topic, as retrieval
 * would give); the policy picks a slate; each shown item is clicked with probability
 * {@code examine(slot) · ctr_i}, the generator's true rate, where {@code examine(k) = 1/(k+1)}. The
 * user's topic decides what is retrieved, not the click rate: the item's rate is the one hidden truth
 * the ranker mis-estimates and the counts reveal (a per-user rate the store's per-item counts cannot
 * see would confound the comparison of exploration policies). Regret
 * is the oracle slate's expected clicks (true probabilities, best items in the best slots) minus the
 * chosen slate's. Deterministic for a seed. Not thread-safe (one run at a time per instance).
 */
public final class SlateSimulator {
  /** How a policy chooses a slate: the simulator's one extension point. */
  @FunctionalInterface
  public interface Policy {
    int[] choose(SlateInput in, int slateSize, long seed);
  }

  /**
   * @param rounds requests simulated
   * @param candidates ranked items per request
   * @param slateSize slots per slate
   * @param miscalibration σ of the per-item log-normal error of the ranker's probability (0: calibrated)
   * @param seed seeds the catalogue sampling, the errors, the users and the clicks
   * @param positionBiasEta the users' examination at slot k is 1/(k+1)^eta (0: every slot is looked at)
   */
  public record Config(int rounds, int candidates, int slateSize, double miscalibration, long seed, double positionBiasEta) {
    public Config {
      if (!(positionBiasEta >= 0)) throw new IllegalArgumentException("positionBiasEta must be >= 0: " + positionBiasEta);
      if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
      if (candidates < slateSize) throw new IllegalArgumentException("candidates (" + candidates + ") must be >= slateSize (" + slateSize + ")");
      if (slateSize < 1) throw new IllegalArgumentException("slateSize must be >= 1: " + slateSize);
      if (!(miscalibration >= 0)) throw new IllegalArgumentException("miscalibration must be >= 0: " + miscalibration);
    }
  }

  /**
   * @param clicks simulated clicks
   * @param expectedClicks sum over rounds of the chosen slates' expected clicks
   * @param regret sum over rounds of oracle minus chosen expected clicks
   * @param intraListDiversity mean share of slate pairs from different topics
   * @param exposureGini Gini of item exposure over all slates
   */
  public record Outcome(String policy, long clicks, double expectedClicks, double regret, double intraListDiversity,
      double exposureGini) {}

  private static final double ON_TOPIC_SHARE = 0.7;

  private final Catalog catalog;
  private final Config config;
  private final double[] bias;
  private final float[] unitEmbeddings;

  public SlateSimulator(Catalog catalog, Config config) {
    this.catalog = catalog;
    this.config = config;
    SplittableRandom r = new SplittableRandom(config.seed());
    bias = new double[catalog.items()];
    for (int i = 0; i < bias.length; i++) bias[i] = Math.exp(config.miscalibration() * gaussian(r) - config.miscalibration() * config.miscalibration() / 2);
    int dim = catalog.dim();
    unitEmbeddings = new float[catalog.items() * dim];
    float[] v = new float[dim];
    for (int i = 0; i < catalog.items(); i++) {
      catalog.embedding(i, v, 0);
      double n = 0;
      for (float x : v) n += x * x;
      float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
      for (int d = 0; d < dim; d++) unitEmbeddings[i * dim + d] = v[d] * inv;
    }
  }

  /** Examination probability of slot {@code k}. */
  double examine(int k) {
    return Math.pow(k + 1, -config.positionBiasEta());
  }

  public Outcome run(String name, Policy policy) {
    SplittableRandom r = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    int items = catalog.items(), dim = catalog.dim(), m = config.candidates(), s = config.slateSize();
    long[] impressions = new long[items], clicks = new long[items];
    int[][] slates = new int[config.rounds()][];
    int[] cand = new int[m];
    double[] truth = new double[m];
    boolean[] picked = new boolean[items];
    float[] e = new float[dim];
    long totalClicks = 0;
    double expected = 0, regret = 0, diversity = 0;
    for (int round = 0; round < config.rounds(); round++) {
      int favourite = r.nextInt(catalog.topics());
      int n = 0;
      while (n < m) {
        int i = r.nextDouble() < ON_TOPIC_SHARE
            ? catalog.itemAt(favourite, r.nextInt(catalog.topicSize(favourite))) : r.nextInt(items);
        if (picked[i]) continue;
        picked[i] = true;
        cand[n++] = i;
      }
      for (int k = 0; k < m; k++) picked[cand[k]] = false;
      // The ranker's view: its (biased) probability, candidates ordered by it.
      double[] predicted = new double[m];
      for (int k = 0; k < m; k++) {
        int i = cand[k];
        truth[k] = catalog.ctr(i);
        predicted[k] = Math.min(1, truth[k] * bias[i]);
      }
      Integer[] order = new Integer[m];
      for (int k = 0; k < m; k++) order[k] = k;
      Arrays.sort(order, (a, b) -> Double.compare(predicted[b], predicted[a]));
      SlateInput in = new SlateInput(dim);
      int[] itemOf = new int[m];
      double[] truthOf = new double[m];
      for (int k = 0; k < m; k++) {
        int c = order[k], i = cand[c];
        System.arraycopy(unitEmbeddings, i * dim, e, 0, dim);
        in.add(Catalog.itemId(i), predicted[c], predicted[c], catalog.topic(i), e, impressions[i], clicks[i], 1.0);
        itemOf[k] = i;
        truthOf[k] = truth[c];
      }
      int[] slate = policy.choose(in, s, r.nextLong());
      slates[round] = new int[slate.length];
      double[] sortedTruth = truthOf.clone();
      Arrays.sort(sortedTruth);
      for (int k = 0; k < slate.length; k++) {
        int i = itemOf[slate[k]];
        slates[round][k] = i;
        double p = examine(k) * truthOf[slate[k]];
        expected += p;
        regret += examine(k) * sortedTruth[m - 1 - k] - p;
        impressions[i]++;
        if (r.nextDouble() < p) {
          clicks[i]++;
          totalClicks++;
        }
      }
      int pairs = 0, differ = 0;
      for (int a = 0; a < slate.length; a++) {
        for (int b = a + 1; b < slate.length; b++) {
          pairs++;
          if (catalog.topic(slates[round][a]) != catalog.topic(slates[round][b])) differ++;
        }
      }
      diversity += pairs == 0 ? 0 : (double) differ / pairs;
    }
    double gini = new Gini().score(ExposureCounts.from(slates, items)).original().orElse(Double.NaN);
    return new Outcome(name, totalClicks, expected, regret, diversity / config.rounds(), gini);
  }

  /** The re-ranker with {@code config} as a simulator policy. */
  public static Policy reranker(RerankConfig config) {
    SlateReranker reranker = new SlateReranker();
    return (in, size, seed) -> reranker.rerank(in, size, config, seed).items();
  }

  /** Greedy by posterior mean, except that each slot is, with probability ε, a random unchosen candidate. */
  public static Policy epsilonGreedy(double epsilon, RerankConfig greedy) {
    if (greedy.explore()) throw new IllegalArgumentException("epsilon-greedy wraps a greedy policy (explore off)");
    SlateReranker reranker = new SlateReranker();
    return (in, size, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      Slate g = reranker.rerank(in, size, greedy, seed);
      int[] out = g.items().clone();
      boolean[] used = new boolean[in.size()];
      for (int i : out) used[i] = true;
      for (int k = 0; k < out.length; k++) {
        if (r.nextDouble() >= epsilon) continue;
        int free = 0;
        for (boolean u : used) if (!u) free++;
        if (free == 0) break;
        int pick = r.nextInt(free);
        for (int i = 0; i < used.length; i++) {
          if (used[i]) continue;
          if (pick-- == 0) {
            used[out[k]] = false;
            out[k] = i;
            used[i] = true;
            break;
          }
        }
      }
      return out;
    };
  }

  /** Policies without diversity or rules, so exploration alone is compared. */
  public static RerankConfig plain(boolean explore, double priorStrength) {
    return RerankConfig.defaults().withDiversity(Diversity.NONE).withMaxPerCategory(0).withNearDuplicateCosine(1.0)
        .withPropensitySamples(0).withExplore(explore).withPriorStrength(priorStrength);
  }

  /** {@link #plain(boolean, double)} whose impression discount assumes the given position bias. */
  public static RerankConfig plain(boolean explore, double priorStrength, double positionBiasEta) {
    return plain(explore, priorStrength).withPositionBiasEta(positionBiasEta);
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble(), u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
