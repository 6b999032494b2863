package io.recsys.rerank.sim;

import io.recsys.core.synthetic.Catalog;
import io.recsys.core.synthetic.SizePreset;
import io.recsys.rerank.policy.RerankConfig;
import java.util.Locale;

/**
 * {@code ./recsys bench rerank-sim}: greedy, ε-greedy and Thompson sampling (several prior strengths,
 * and the shipped default with MMR and rules) in {@link SlateSimulator}, with a calibrated ranker and a
 * miscalibrated one. Arguments: [rounds=20000] [items=2000] [seed=1] [eta=1.0].
 */
public final class RerankSimulation {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    double eta = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    Catalog catalog = Catalog.generate(SizePreset.SMALL.config().withItems(items).withTopics(20));
    System.out.printf(Locale.ROOT, "catalogue %d items, 20 topics; %d rounds of 100 candidates -> 10 slots; examine(k) = 1/(k+1)^%.1f%n",
        items, rounds, eta);
    for (double sigma : new double[] {0.0, 1.0}) {
      SlateSimulator sim = new SlateSimulator(catalog, new SlateSimulator.Config(rounds, 100, 10, sigma, seed, eta));
      System.out.printf(Locale.ROOT, "%nranker miscalibration sigma = %.1f%n%-34s %9s %10s %9s %6s %6s%n", sigma, "policy", "clicks",
          "exp.clicks", "regret", "ILD", "Gini");
      print(sim.run("epsilon-greedy 0.1 (strength 20)", SlateSimulator.epsilonGreedy(0.1, SlateSimulator.plain(false, 20, eta))));
      // Greedy and Thompson sampling at the same prior strength: the strength sets how fast counts
      // override the ranker (both), exploration is the only difference within a pair.
      for (double s : new double[] {2, 5, 20, 50, 200}) {
        print(sim.run("greedy, prior strength " + (int) s, SlateSimulator.reranker(SlateSimulator.plain(false, s, eta))));
        print(sim.run("Thompson, prior strength " + (int) s, SlateSimulator.reranker(SlateSimulator.plain(true, s, eta))));
      }
      print(sim.run("shipped default (TS + MMR + rules)", SlateSimulator.reranker(RerankConfig.defaults().withPropensitySamples(0).withPositionBiasEta(eta))));
    }
  }

  private static void print(SlateSimulator.Outcome o) {
    System.out.printf(Locale.ROOT, "%-34s %9d %10.1f %9.1f %6.3f %6.3f%n", o.policy(), o.clicks(), o.expectedClicks(), o.regret(),
        o.intraListDiversity(), o.exposureGini());
  }
}
