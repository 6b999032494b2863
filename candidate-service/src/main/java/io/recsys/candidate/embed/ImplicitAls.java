package io.recsys.candidate.embed;

import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Implicit-feedback alternating least squares (Hu, Koren, Volinsky, "Collaborative Filtering for
 * Implicit Feedback Datasets", ICDM 2008): every (user, item) pair has preference 1 if the user's
 * sequence holds the item, else 0, with confidence {@code 1 + alpha} on observed pairs and 1 elsewhere.
 * Each half-iteration solves every row of one side against the fixed other side using the "YtY trick"
 * (the Gram matrix of the fixed side is computed once, and each row adds only its own observed
 * items), so a round costs {@code O(nnz * d^2 + (users + items) * d^3)}.
 *
 * <p>Rows are solved in parallel, but each row's solve reads only the other side's factors and its
 * own observed rows (in ascending order), and the Gram matrix is summed in fixed blocks: the result is
 * bit-identical for any {@link AlsConfig#threads()}. Item factors start as seeded Gaussians of scale
 * 0.01 (the first user solve reads only them, so user factors need no initialisation). After the last
 * round one more user solve runs against the final item factors, so the model's user vectors equal
 * {@link UserFoldIn}'s for the same history: serving and training agree.
 *
 * <p>Immutable; {@link #fit} may be called from several threads at once (each call owns its state).
 */
public final class ImplicitAls {
  /** Gaussian initialisation scale: small, so the first solves are dominated by the data. */
  static final double INIT_SCALE = 0.01;
  /** Rows per parallel work chunk; small enough to balance long and short histories. */
  private static final int CHUNK = 64;

  private final AlsConfig config;

  public ImplicitAls(AlsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public AlsConfig config() {
    return config;
  }

  /**
   * Trains on {@code interactions}; {@code itemIds[i]} names item index i.
   *
   * @param progress hears rounds done out of {@code iterations}, from the calling thread
   */
  public AlsModel fit(UserSequences interactions, String[] itemIds, Progress progress) {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(itemIds, "itemIds");
    Objects.requireNonNull(progress, "progress");
    int users = interactions.userCount();
    int items = interactions.itemCount();
    if (itemIds.length != items) {
      throw new IllegalArgumentException("itemIds has " + itemIds.length + " ids, the sequences index " + items + " items");
    }
    int d = config.dim();

    // Compressed rows both ways, each row's entries ascending.
    int[] userOffsets = new int[users + 1];
    int[] userItems = new int[interactions.totalLength()];
    int[] itemOffsets = new int[items + 1];
    for (int u = 0; u < users; u++) {
      int len = interactions.length(u);
      int base = userOffsets[u];
      for (int p = 0; p < len; p++) {
        int item = interactions.item(u, p);
        userItems[base + p] = item;
        itemOffsets[item + 1]++;
      }
      Arrays.sort(userItems, base, base + len);
      userOffsets[u + 1] = base + len;
    }
    for (int i = 0; i < items; i++) itemOffsets[i + 1] += itemOffsets[i];
    int[] itemUsers = new int[userItems.length];
    int[] fill = Arrays.copyOf(itemOffsets, items);
    for (int u = 0; u < users; u++) {
      for (int p = userOffsets[u]; p < userOffsets[u + 1]; p++) itemUsers[fill[userItems[p]]++] = u;
    }

    float[] itemFactors = new float[items * d];
    SplittableRandom random = new SplittableRandom(config.seed());
    for (int j = 0; j < itemFactors.length; j++) itemFactors[j] = (float) (INIT_SCALE * random.nextGaussian());
    float[] userFactors = new float[users * d];

    for (int it = 0; it < config.iterations(); it++) {
      solveSide(userFactors, users, userOffsets, userItems, itemFactors, items);
      solveSide(itemFactors, items, itemOffsets, itemUsers, userFactors, users);
      progress.update(it + 1, config.iterations());
    }
    solveSide(userFactors, users, userOffsets, userItems, itemFactors, items);
    return new AlsModel(new ItemVectors(itemIds.clone(), d, itemFactors), userFactors, users, config);
  }

  /** Solves every row of {@code target} from the fixed {@code other} side. */
  private void solveSide(float[] target, int rows, int[] offsets, int[] entries, float[] other, int otherRows) {
    int d = config.dim();
    double lambda = config.regularization();
    double alpha = config.alpha();
    double[] gram = AlsRowSolver.gram(other, otherRows, d, config.threads());
    ParallelRows.run("als", rows, CHUNK, config.threads(), () -> {
      AlsRowSolver solver = new AlsRowSolver(d);
      return (from, to) -> {
        for (int r = from; r < to; r++) {
          solver.solve(other, gram, lambda, alpha, entries, offsets[r], offsets[r + 1], target, r * d);
        }
      };
    });
  }
}
