package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.evaluation.split.UserSequences;
import java.util.SplittableRandom;

/**
 * Seeded generated worlds for tests: items in clusters with vectors near their cluster's centre,
 * Zipf-like popularity, and users who mostly engage items of one dominant cluster.
 */
final class Generated {
  final int items;
  final int clusters;
  final int[] clusterOfRow;
  final ItemVectors vectors;
  final UserSequences sequences;
  final int[] dominant;

  /**
   * @param loyalty probability that a user's next item comes from their dominant cluster
   */
  Generated(long seed, int users, int items, int clusters, int length, double loyalty) {
    SplittableRandom random = new SplittableRandom(seed);
    this.items = items;
    this.clusters = clusters;
    int dim = 8;
    clusterOfRow = new int[items];
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) for (int d = 0; d < dim; d++) c[d] = (float) random.nextGaussian();
    float[] data = new float[items * dim];
    String[] ids = new String[items];
    for (int i = 0; i < items; i++) {
      clusterOfRow[i] = i % clusters;
      ids[i] = Integer.toString(i);
      for (int d = 0; d < dim; d++) data[i * dim + d] = centres[clusterOfRow[i]][d] + 0.5f * (float) random.nextGaussian();
    }
    vectors = new ItemVectors(ids, dim, data).normalised();
    // Within a cluster, item k of the cluster has weight 1 / (k + 1): a few popular items per cluster.
    int[][] members = new int[clusters][];
    for (int c = 0; c < clusters; c++) {
      int n = 0;
      for (int i = 0; i < items; i++) if (clusterOfRow[i] == c) n++;
      members[c] = new int[n];
      n = 0;
      for (int i = 0; i < items; i++) if (clusterOfRow[i] == c) members[c][n++] = i;
    }
    dominant = new int[users];
    int[][] seqs = new int[users][];
    for (int u = 0; u < users; u++) {
      dominant[u] = random.nextInt(clusters);
      int len = Math.min(length, items / 2);
      int[] seq = new int[len];
      boolean[] used = new boolean[items];
      for (int p = 0; p < len; p++) {
        int item;
        do {
          int c = random.nextDouble() < loyalty ? dominant[u] : random.nextInt(clusters);
          item = members[c][zipf(random, members[c].length)];
        } while (used[item]);
        used[item] = true;
        seq[p] = item;
      }
      seqs[u] = seq;
    }
    sequences = Sequences.of(items, seqs);
  }

  private static int zipf(SplittableRandom random, int n) {
    double total = 0;
    for (int k = 0; k < n; k++) total += 1.0 / (k + 1);
    double x = random.nextDouble() * total;
    for (int k = 0; k < n; k++) {
      x -= 1.0 / (k + 1);
      if (x <= 0) return k;
    }
    return n - 1;
  }

  float[] popularity() {
    int[] users = sequences.usersPerItem();
    float[] pop = new float[users.length];
    for (int i = 0; i < pop.length; i++) pop[i] = users[i];
    return pop;
  }
}
