package io.recsys.ranking.model;

import java.util.List;

/**
 * Adam (Kingma and Ba) over every tensor of a {@link MoeParameters}, with optional L2 regularisation
 * added to the gradient (λ·θ). The ordinal thresholds are exempt from L2: they start at the base rates'
 * logits, and pulling them to zero would pull the predictions toward 50 %.
 *
 * <p>Not thread-safe: the trainer's coordinating thread steps it.
 */
public final class Adam {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double learningRate, l2, beta1, beta2, epsilon;
  private final MoeParameters m, v;
  private long steps;

  public Adam(MoeArchitecture arch, double learningRate, double l2) {
    this(arch, learningRate, l2, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  public Adam(MoeArchitecture arch, double learningRate, double l2, double beta1, double beta2, double epsilon) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learningRate must be > 0: " + learningRate);
    if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0: " + l2);
    if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1): " + beta1);
    if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1): " + beta2);
    if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0: " + epsilon);
    this.learningRate = learningRate;
    this.l2 = l2;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = MoeParameters.zerosLike(arch);
    this.v = MoeParameters.zerosLike(arch);
  }

  /** One update of {@code params} from {@code grad} (read only). */
  public void step(MoeParameters params, MoeParameters grad) {
    if (!params.architecture().equals(m.architecture()) || !grad.architecture().equals(m.architecture())) {
      throw new IllegalArgumentException("parameters and gradient must have the optimiser's architecture");
    }
    steps++;
    float b1 = (float) beta1, b2 = (float) beta2, ib1 = (float) (1 - beta1), ib2 = (float) (1 - beta2);
    // Bias corrections folded into the step size (the paper's "more efficient" form).
    double corr = Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
    float lr = (float) (learningRate * corr);
    float eps = (float) (epsilon * Math.sqrt(1 - Math.pow(beta2, steps)));
    List<float[]> ps = params.all(), gs = grad.all(), ms = m.all(), vs = v.all();
    for (int t = 0; t < ps.size(); t++) {
      float[] p = ps.get(t), g = gs.get(t), mt = ms.get(t), vt = vs.get(t);
      float decay = p == params.thresholds ? 0f : (float) l2;
      for (int i = 0; i < p.length; i++) {
        float gi = g[i] + decay * p[i];
        mt[i] = b1 * mt[i] + ib1 * gi;
        vt[i] = b2 * vt[i] + ib2 * gi * gi;
        p[i] -= lr * mt[i] / ((float) Math.sqrt(vt[i]) + eps);
      }
    }
  }

  public long steps() {
    return steps;
  }
}
