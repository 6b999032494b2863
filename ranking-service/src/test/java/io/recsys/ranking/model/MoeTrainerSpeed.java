package io.recsys.ranking.model;

import java.util.SplittableRandom;

/**
 * Not a test: measures forward+backward throughput of the default architecture (D=40, E=64, L=20) on
 * random data, in candidates per second, for the trainer's batch engine, and of validation scoring.
 * Run: {@code java -cp <test classpath> io.recsys.ranking.model.MoeTrainerSpeed [threads] [candidates]}.
 */
public final class MoeTrainerSpeed {
  private MoeTrainerSpeed() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    MoeArchitecture a = MoeArchitecture.of(40, 64);
    int perQuery = 100, queries = candidates / perQuery, n = queries * perQuery;
    RankingExamples ex = random(a, queries, perQuery, 1);
    MoeParameters p = MoeParameters.initial(a, 1, 0.1, 0.01);
    MoeParameters grad = MoeParameters.zerosLike(a);
    int[] order = TinyExamples.identity(n);
    shuffle(order, new SplittableRandom(2));
    for (RankingLoss loss : new RankingLoss[] {RankingLoss.DEFAULT, RankingLoss.DEFAULT.withContrastive(0.3, 0.2, 0.05)}) {
      try (var engine = new MoeNetwork.BatchGradient(a, threads)) {
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
          long t0 = System.nanoTime();
          double sum = 0;
          for (int from = 0; from < n; from += 512) {
            sum += engine.compute(p, ex, order, from, Math.min(n, from + 512), loss, round, grad);
          }
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf("train  contrastive=%s threads=%d round %d: %.0f candidates/s (%.2f s for %d, loss %.4f)%n",
              loss.contrastive(), threads, round, n / s, s, n, sum * 512 / n);
        }
      }
    }
    try (var engine = new MoeNetwork.BatchGradient(a, threads)) {
      float[] c1 = new float[n], c2 = new float[n];
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        engine.evaluate(p, ex, order, 0, n, c1, c2);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("score  threads=%d round %d: %.0f candidates/s%n", threads, round, n / s);
      }
    }
  }

  static RankingExamples random(MoeArchitecture a, int queries, int perQuery, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int l = a.sequenceLength(), e = a.embeddingDim(), d = a.denseDim(), n = queries * perQuery;
    float[] beh = new float[queries * l * e], mask = new float[queries * l];
    for (int q = 0; q < queries; q++) {
      int real = 1 + rnd.nextInt(l);
      for (int j = 0; j < real; j++) {
        mask[q * l + j] = 1f;
        for (int i = 0; i < e; i++) beh[(q * l + j) * e + i] = (float) (rnd.nextGaussian() * 0.3);
      }
    }
    int[] query = new int[n];
    float[] dense = new float[n * d], target = new float[n * e], click = new float[n], engage = new float[n], w = new float[n];
    for (int c = 0; c < n; c++) {
      query[c] = c / perQuery;
      for (int i = 0; i < d; i++) dense[c * d + i] = (float) rnd.nextGaussian();
      for (int i = 0; i < e; i++) target[c * e + i] = (float) (rnd.nextGaussian() * 0.3);
      click[c] = rnd.nextDouble() < 0.1 ? 1f : 0f;
      engage[c] = click[c] > 0 && rnd.nextDouble() < 0.3 ? 1f : 0f;
      w[c] = 1f;
    }
    return new RankingExamples(d, e, l, new int[queries], new long[queries], beh, mask, query, dense, target, click, engage, w);
  }

  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
