package io.recsys.ranking.onnx;

import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;

/**
 * The test oracle: the network of {@link MoeArchitecture}'s class comment, written out line by line in
 * plain double loops, one candidate at a time, with no lowering tricks (no broadcasting, no stacked
 * MatMuls, the mask penalty added literally). Slow and obvious on purpose.
 */
final class ReferenceForward {
  /** Per candidate: P(y ≥ 1), P(y ≥ 2), l1, l2. */
  record Scores(double[] click, double[] engage, double[] clickLogit, double[] engageLogit) {}

  private ReferenceForward() {}

  static Scores forward(MoeParameters p, float[] b, float[] mask, float[] dense, float[] target, int n) {
    MoeArchitecture a = p.architecture();
    int dDim = a.denseDim(), eDim = a.embeddingDim(), l = a.sequenceLength(), ha = a.attentionHidden(), k = a.experts();
    int x = a.expertInputDim(), h1 = a.expertHidden(), h2 = a.expertOut(), ht = a.towerHidden();
    double[] click = new double[n], engage = new double[n], l1s = new double[n], l2s = new double[n];
    for (int c = 0; c < n; c++) {
      double[] t = new double[eDim];
      for (int i = 0; i < eDim; i++) t[i] = target[c * eDim + i];

      // activation unit: h_j = relu((b_j ⊙ t)·attnBt + b_j·attnB + t·attnT + attnPos[j] + attnBias)
      // s_j = h_j·attnOut + (mask_j − 1)·MASK_PENALTY
      double[] s = new double[l];
      for (int j = 0; j < l; j++) {
        double sj = 0;
        for (int o = 0; o < ha; o++) {
          double v = p.attnPos[j * ha + o] + p.attnBias[o];
          for (int i = 0; i < eDim; i++) {
            double bji = b[j * eDim + i];
            v += bji * t[i] * p.attnBt[i * ha + o] + bji * p.attnB[i * ha + o] + t[i] * p.attnT[i * ha + o];
          }
          sj += Math.max(0, v) * p.attnOut[o];
        }
        s[j] = sj + (mask[j] - 1.0) * MoeArchitecture.MASK_PENALTY;
      }
      double[] att = softmax(s);

      // gate: g_j = softmax_k(b_j·gateB + t·gateT + gateBias); G = Σ_j a_j g_j
      double[] gMix = new double[k];
      for (int j = 0; j < l; j++) {
        double[] logits = new double[k];
        for (int q = 0; q < k; q++) {
          double v = p.gateBias[q];
          for (int i = 0; i < eDim; i++) v += b[j * eDim + i] * p.gateB[i * k + q] + t[i] * p.gateT[i * k + q];
          logits[q] = v;
        }
        double[] g = softmax(logits);
        for (int q = 0; q < k; q++) gMix[q] += att[j] * g[q];
      }

      // u = Σ_j a_j b_j; x = [d, t ⊙ u, t]
      double[] u = new double[eDim];
      for (int j = 0; j < l; j++) for (int i = 0; i < eDim; i++) u[i] += att[j] * b[j * eDim + i];
      double[] xIn = new double[x];
      for (int i = 0; i < dDim; i++) xIn[i] = dense[c * dDim + i];
      for (int i = 0; i < eDim; i++) {
        xIn[dDim + i] = t[i] * u[i];
        xIn[dDim + eDim + i] = t[i];
      }

      // experts and mixture: m = Σ_k G_k relu(relu(x·W1[k] + B1[k])·W2[k] + B2[k])
      double[] m = new double[h2];
      for (int q = 0; q < k; q++) {
        double[] e1 = new double[h1];
        for (int o = 0; o < h1; o++) {
          double v = p.expertB1[q * h1 + o];
          for (int i = 0; i < x; i++) v += xIn[i] * p.expertW1[(q * x + i) * h1 + o];
          e1[o] = Math.max(0, v);
        }
        for (int o = 0; o < h2; o++) {
          double v = p.expertB2[q * h2 + o];
          for (int i = 0; i < h1; i++) v += e1[i] * p.expertW2[(q * h1 + i) * h2 + o];
          m[o] += gMix[q] * Math.max(0, v);
        }
      }

      // towers: z_τ = relu(m·towerW1[τ] + towerB1[τ])·towerW2[τ] + towerB2[τ]
      double[] z = new double[MoeArchitecture.TASKS];
      for (int task = 0; task < MoeArchitecture.TASKS; task++) {
        double zt = p.towerB2[task];
        for (int o = 0; o < ht; o++) {
          double v = p.towerB1[task * ht + o];
          for (int i = 0; i < h2; i++) v += m[i] * p.towerW1[(task * h2 + i) * ht + o];
          zt += Math.max(0, v) * p.towerW2[task * ht + o];
        }
        z[task] = zt;
      }

      // ordinal heads: l1 = z_click − a1; l2 = l1 − Δ·σ(−z_engage), Δ = exp(logGap)
      double l1 = z[MoeArchitecture.CLICK] - p.thresholds[0];
      double l2 = l1 - Math.exp(p.thresholds[1]) * sigmoid(-z[MoeArchitecture.ENGAGE]);
      l1s[c] = l1;
      l2s[c] = l2;
      click[c] = sigmoid(l1);
      engage[c] = sigmoid(l2);
    }
    return new Scores(click, engage, l1s, l2s);
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  static double[] softmax(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) max = Math.max(max, x);
    double sum = 0;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.exp(v[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < v.length; i++) out[i] /= sum;
    return out;
  }
}
