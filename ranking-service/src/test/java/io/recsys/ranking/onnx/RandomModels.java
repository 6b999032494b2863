package io.recsys.ranking.onnx;

import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import java.util.SplittableRandom;

/** Seeded random models and requests for the ONNX tests and the speed check. */
final class RandomModels {
  /** The production-sized shape of the brief: D=40, E=64, L=20, default K, He1, He2, Ha, Ht. */
  static final MoeArchitecture DEFAULT = MoeArchitecture.of(40, 64);
  /** A tiny shape, where every dimension differs from the others (a transposed lowering would not fit). */
  static final MoeArchitecture TINY = new MoeArchitecture(3, 5, 4, 2, 3, 6, 7, 2);

  /** One user's request: behaviours [L*E], mask [L], dense [n*D], target [n*E]. */
  record Request(float[] behaviours, float[] mask, float[] dense, float[] target, int n, int history) {}

  private RandomModels() {}

  /**
   * {@link MoeParameters#initial} with its zero biases and base-rate thresholds replaced by random values,
   * so that every term of the network matters and probabilities spread away from the base rate.
   */
  static MoeParameters parameters(MoeArchitecture a, long seed) {
    MoeParameters p = MoeParameters.initial(a, seed, 0.1, 0.02);
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (float[] bias : new float[][] {p.attnBias, p.gateBias, p.expertB1, p.expertB2, p.towerB1, p.towerB2}) {
      for (int i = 0; i < bias.length; i++) bias[i] = (float) (gaussian(rnd) * 0.3);
    }
    for (int i = 0; i < p.attnPos.length; i++) p.attnPos[i] = (float) (gaussian(rnd) * 0.3);
    // Larger gate weights than Xavier so the gate's softmax is not nearly uniform.
    for (int i = 0; i < p.gateB.length; i++) p.gateB[i] *= 3;
    for (int i = 0; i < p.gateT.length; i++) p.gateT[i] *= 3;
    p.thresholds[0] = (float) (rnd.nextDouble(-1.5, 1.5));
    p.thresholds[1] = (float) Math.log(rnd.nextDouble(0.2, 3.0));
    p.checkThresholds();
    return p;
  }

  /**
   * A request of n candidates for a user with {@code history} real behaviours (newest first, the rest
   * padded with zeros and mask 0; 0 is a user with no history).
   */
  static Request request(MoeArchitecture a, long seed, int n, int history) {
    int d = a.denseDim(), e = a.embeddingDim(), l = a.sequenceLength();
    if (history < 0 || history > l) throw new IllegalArgumentException("history must be in [0, " + l + "]: " + history);
    SplittableRandom rnd = new SplittableRandom(seed);
    // Embeddings of unit-ish norm (as the ALS vectors are), dense features standardised.
    double embStd = 1.5 / Math.sqrt(e);
    float[] behaviours = new float[l * e];
    float[] mask = new float[l];
    for (int j = 0; j < history; j++) {
      mask[j] = 1;
      for (int i = 0; i < e; i++) behaviours[j * e + i] = (float) (gaussian(rnd) * embStd);
    }
    float[] dense = new float[n * d];
    for (int i = 0; i < dense.length; i++) dense[i] = (float) gaussian(rnd);
    float[] target = new float[n * e];
    for (int i = 0; i < target.length; i++) target[i] = (float) (gaussian(rnd) * embStd);
    return new Request(behaviours, mask, dense, target, n, history);
  }

  static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }
}
