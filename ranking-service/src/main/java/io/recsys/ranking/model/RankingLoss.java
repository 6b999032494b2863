package io.recsys.ranking.model;

import java.util.SplittableRandom;

/**
 * The training objective of the ranking network: immutable configuration plus the per-candidate
 * pieces of the loss, computed in double.
 *
 * <p>Per candidate with weight w, click label y1 and engage label y2 ≤ y1 (GNOLR "nested" loss,
 * METHODS.md §5): {@code w · [BCE(y1, P1) − ((1−y1)·log(1−P1) + (y1−y2)·log(max(P1−P2, 1e-7)) + y2·log P2)]},
 * averaged over the batch's total weight. On top of it, per batch:
 * <ul>
 *   <li>load balance {@code λ_lb · K · Σ_k (mean_n G_nk)²}: at its minimum (λ_lb) when the experts are used
 *       evenly, so the gate does not collapse onto one expert;
 *   <li>optionally the AW-MoE contrastive term (METHODS.md §3 reconstruction): each query's real
 *       behaviours are dropped independently with probability {@code maskRate} (at least one kept), and
 *       InfoNCE over the batch's candidates pairs each candidate's unmasked pooled gate logits
 *       {@code R_n = Σ_j a_nj (b_j·gateB + t·gateT + gateBias)} with its masked counterpart, cosine
 *       similarity at temperature τ, weight {@code λ_cl}. Serving never uses the masked path.
 * </ul>
 * Thread-safe: immutable; the static functions keep no state.
 *
 * @param lambdaLoadBalance λ_lb ≥ 0
 * @param contrastive whether the masked path and InfoNCE term are trained
 * @param maskRate probability of dropping one real behaviour, in [0, 1)
 * @param temperature τ of the InfoNCE softmax, > 0
 * @param lambdaContrastive λ_cl ≥ 0
 */
public record RankingLoss(double lambdaLoadBalance, boolean contrastive, double maskRate, double temperature,
    double lambdaContrastive) {
  public static final double DEFAULT_LAMBDA_LOAD_BALANCE = 0.01;
  public static final double DEFAULT_MASK_RATE = 0.3;
  public static final double DEFAULT_TEMPERATURE = 0.2;
  public static final double DEFAULT_LAMBDA_CONTRASTIVE = 0.05;
  /** Floor of P(y≥1) − P(y≥2) inside the log (GNOLR pitfall: the difference can underflow). */
  public static final double MIN_LEVEL_PROBABILITY = 1e-7;
  /** Added under the square root of a norm so that the cosine stays differentiable at zero. */
  static final double NORM_EPSILON = 1e-12;

  /** Load balance on, contrastive off: the trainer's default. */
  public static final RankingLoss DEFAULT =
      new RankingLoss(DEFAULT_LAMBDA_LOAD_BALANCE, false, DEFAULT_MASK_RATE, DEFAULT_TEMPERATURE, DEFAULT_LAMBDA_CONTRASTIVE);

  public RankingLoss {
    if (!(lambdaLoadBalance >= 0) || !Double.isFinite(lambdaLoadBalance)) {
      throw new IllegalArgumentException("lambdaLoadBalance must be finite and >= 0: " + lambdaLoadBalance);
    }
    if (!(maskRate >= 0 && maskRate < 1)) throw new IllegalArgumentException("maskRate must be in [0, 1): " + maskRate);
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0: " + temperature);
    }
    if (!(lambdaContrastive >= 0) || !Double.isFinite(lambdaContrastive)) {
      throw new IllegalArgumentException("lambdaContrastive must be finite and >= 0: " + lambdaContrastive);
    }
  }

  /** The ordinal loss alone: no load balance, no contrastive term. */
  public static RankingLoss ordinalOnly() {
    return new RankingLoss(0, false, DEFAULT_MASK_RATE, DEFAULT_TEMPERATURE, DEFAULT_LAMBDA_CONTRASTIVE);
  }

  public RankingLoss withLoadBalance(double lambda) {
    return new RankingLoss(lambda, contrastive, maskRate, temperature, lambdaContrastive);
  }

  public RankingLoss withContrastive(double maskRate, double temperature, double lambda) {
    return new RankingLoss(lambdaLoadBalance, true, maskRate, temperature, lambda);
  }

  /** Whether the batch couples candidates (load balance or contrastive), which needs a second pass. */
  boolean coupled() {
    return lambdaLoadBalance > 0 || (contrastive && lambdaContrastive > 0);
  }

  /**
   * The unweighted ordinal loss of one candidate and its derivatives with respect to l1 and l2.
   *
   * @param l1 click logit
   * @param delta l1 − l2 > 0, passed separately because subtracting two close logits loses the digits
   *     that P1 − P2 depends on
   * @param grad receives dL/dl1 at [0] and dL/dl2 at [1]
   */
  public static double ordinal(double l1, double delta, double y1, double y2, double[] grad) {
    double l2 = l1 - delta;
    double p1 = sigmoid(l1), p2 = sigmoid(l2);
    double logP1 = -softplus(-l1), log1mP1 = -softplus(l1), logP2 = -softplus(-l2);
    // BCE on click, and the stage of the nested loss for "no click".
    double loss = -(y1 * logP1 + (1 - y1) * log1mP1) - (1 - y1) * log1mP1;
    double g1 = (p1 - y1) + (1 - y1) * p1;
    double g2 = 0;
    if (y2 > 0) {
      loss -= y2 * logP2;
      g2 -= y2 * (1 - p2);
    }
    double mid = y1 - y2;
    if (mid > 0) {
      // P1 − P2 = σ(l1)·σ(−l2)·(1 − e^{−δ}), exact where the difference of the two would cancel.
      double em1 = -Math.expm1(-delta);
      double between = p1 * sigmoid(-l2) * em1;
      if (between > MIN_LEVEL_PROBABILITY) {
        loss -= mid * (logP1 - softplus(l2) + Math.log(em1));
        double dDelta = 1 / Math.expm1(delta); // d log(1 − e^{−δ}) / dδ
        g1 -= mid * ((1 - p1) + dDelta);
        g2 -= mid * (-p2 - dDelta);
      } else {
        loss -= mid * Math.log(MIN_LEVEL_PROBABILITY); // the clamp is flat: no gradient
      }
    }
    grad[0] = g1;
    grad[1] = g2;
    return loss;
  }

  /**
   * The masked copy of one query's behaviour mask for the contrastive path: every real behaviour is
   * dropped with probability {@code rate}, at least one real behaviour is kept, padding stays padding.
   * Seeded by (seed, query) so that any worker, and a test, derives the same mask in any order.
   */
  public static void dropBehaviours(long seed, int query, float[] mask, int offset, int length, double rate, float[] out) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, query));
    int real = 0, kept = 0;
    for (int j = 0; j < length; j++) {
      float m = mask[offset + j];
      if (m > 0) {
        real++;
        boolean keep = rnd.nextDouble() >= rate;
        out[j] = keep ? 1f : 0f;
        if (keep) kept++;
      } else {
        out[j] = 0f;
      }
    }
    if (real > 0 && kept == 0) {
      int pick = rnd.nextInt(real);
      for (int j = 0; j < length; j++) {
        if (mask[offset + j] > 0 && pick-- == 0) {
          out[j] = 1f;
          break;
        }
      }
    }
    if (real == 0) System.arraycopy(mask, offset, out, 0, length); // no history: nothing to drop
  }

  static long mix(long seed, long value) {
    long z = seed + 0x9E3779B97F4A7C15L * (value + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  /** log(1 + e^x) without overflow. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
