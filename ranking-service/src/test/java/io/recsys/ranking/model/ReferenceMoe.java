package io.recsys.ranking.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second, deliberately plain implementation of the network and its loss, in double, written straight
 * from the equations in MoeArchitecture's class comment and RankingLoss's: no folds, no skipped
 * padding, no stable-difference tricks. The oracle for parity and for finite-difference gradients.
 */
final class ReferenceMoe {
  final MoeArchitecture a;
  final Map<String, double[]> t = new LinkedHashMap<>();

  ReferenceMoe(MoeParameters p) {
    a = p.architecture();
    for (var e : p.tensors().entrySet()) {
      double[] v = new double[e.getValue().length];
      for (int i = 0; i < v.length; i++) v[i] = e.getValue()[i];
      t.put(e.getKey(), v);
    }
  }

  /** Everything the batch terms need from one candidate. */
  record Out(double l1, double l2, double[] gate, double[] pooled, double[] pooledMasked) {}

  Out forward(RankingExamples ex, int c, float[] maskedMask) {
    int d = a.denseDim(), e = a.embeddingDim(), l = a.sequenceLength(), ha = a.attentionHidden(), k = a.experts();
    int h1 = a.expertHidden(), h2 = a.expertOut(), ht = a.towerHidden(), x = a.expertInputDim();
    int q = ex.query()[c];
    double[] tg = new double[e], b = new double[l * e], mask = new double[l], dn = new double[d];
    for (int i = 0; i < e; i++) tg[i] = ex.target()[c * e + i];
    for (int i = 0; i < l * e; i++) b[i] = ex.behaviours()[q * l * e + i];
    for (int j = 0; j < l; j++) mask[j] = ex.behaviourMask()[q * l + j];
    for (int i = 0; i < d; i++) dn[i] = ex.dense()[c * d + i];
    double[] attnBt = t.get("attnBt"), attnB = t.get("attnB"), attnT = t.get("attnT"), attnPos = t.get("attnPos");
    double[] attnBias = t.get("attnBias"), attnOut = t.get("attnOut"), gateB = t.get("gateB"), gateT = t.get("gateT");
    double[] gateBias = t.get("gateBias");
    double[] hdot = new double[l]; // h_j · attnOut
    double[][] r = new double[l][k], g = new double[l][k];
    for (int j = 0; j < l; j++) {
      double sj = 0;
      for (int h = 0; h < ha; h++) {
        double v = attnPos[j * ha + h] + attnBias[h];
        for (int i = 0; i < e; i++) {
          double bj = b[j * e + i];
          v += bj * tg[i] * attnBt[i * ha + h] + bj * attnB[i * ha + h] + tg[i] * attnT[i * ha + h];
        }
        sj += Math.max(0, v) * attnOut[h];
      }
      hdot[j] = sj;
      for (int q2 = 0; q2 < k; q2++) {
        double v = gateBias[q2];
        for (int i = 0; i < e; i++) v += b[j * e + i] * gateB[i * k + q2] + tg[i] * gateT[i * k + q2];
        r[j][q2] = v;
      }
      g[j] = softmax(r[j]);
    }
    double[] s = new double[l];
    for (int j = 0; j < l; j++) s[j] = hdot[j] + (mask[j] - 1) * MoeArchitecture.MASK_PENALTY;
    double[] att = softmax(s);
    double[] gate = new double[k], pooled = new double[k], u = new double[e];
    for (int j = 0; j < l; j++) {
      for (int q2 = 0; q2 < k; q2++) {
        gate[q2] += att[j] * g[j][q2];
        pooled[q2] += att[j] * r[j][q2];
      }
      for (int i = 0; i < e; i++) u[i] += att[j] * b[j * e + i];
    }
    double[] pooledMasked = null;
    if (maskedMask != null) {
      double[] sm = new double[l];
      for (int j = 0; j < l; j++) sm[j] = hdot[j] + (maskedMask[j] - 1) * MoeArchitecture.MASK_PENALTY;
      double[] am = softmax(sm);
      pooledMasked = new double[k];
      for (int j = 0; j < l; j++) for (int q2 = 0; q2 < k; q2++) pooledMasked[q2] += am[j] * r[j][q2];
    }
    double[] in = new double[x];
    for (int i = 0; i < d; i++) in[i] = dn[i];
    for (int i = 0; i < e; i++) {
      in[d + i] = tg[i] * u[i];
      in[d + e + i] = tg[i];
    }
    double[] w1 = t.get("expertW1"), b1 = t.get("expertB1"), w2 = t.get("expertW2"), b2 = t.get("expertB2");
    double[] mix = new double[h2];
    for (int q2 = 0; q2 < k; q2++) {
      double[] hid = new double[h1];
      for (int i = 0; i < h1; i++) {
        double v = b1[q2 * h1 + i];
        for (int xi = 0; xi < x; xi++) v += in[xi] * w1[(q2 * x + xi) * h1 + i];
        hid[i] = Math.max(0, v);
      }
      for (int o = 0; o < h2; o++) {
        double v = b2[q2 * h2 + o];
        for (int i = 0; i < h1; i++) v += hid[i] * w2[(q2 * h1 + i) * h2 + o];
        mix[o] += gate[q2] * Math.max(0, v);
      }
    }
    double[] tw1 = t.get("towerW1"), tb1 = t.get("towerB1"), tw2 = t.get("towerW2"), tb2 = t.get("towerB2");
    double[] z = new double[MoeArchitecture.TASKS];
    for (int task = 0; task < z.length; task++) {
      double v = tb2[task];
      for (int i = 0; i < ht; i++) {
        double y = tb1[task * ht + i];
        for (int o = 0; o < h2; o++) y += mix[o] * tw1[(task * h2 + o) * ht + i];
        v += Math.max(0, y) * tw2[task * ht + i];
      }
      z[task] = v;
    }
    double[] th = t.get("thresholds");
    double l1 = z[MoeArchitecture.CLICK] - th[0];
    double l2 = l1 - Math.exp(th[1]) * sigmoid(-z[MoeArchitecture.ENGAGE]);
    return new Out(l1, l2, gate, pooled, pooledMasked);
  }

  /** The batch loss of candidates[from, to), as RankingLoss defines it. */
  double loss(RankingExamples ex, int[] cands, int from, int to, RankingLoss loss, long maskSeed) {
    int n = to - from, k = a.experts(), l = a.sequenceLength();
    boolean contrastive = loss.contrastive() && loss.lambdaContrastive() > 0;
    Out[] outs = new Out[n];
    double sum = 0, weight = 0;
    for (int i = 0; i < n; i++) {
      int c = cands[from + i];
      float[] dropped = null;
      if (contrastive) {
        dropped = new float[l];
        RankingLoss.dropBehaviours(maskSeed, ex.query()[c], ex.behaviourMask(), ex.query()[c] * l, l, loss.maskRate(), dropped);
      }
      outs[i] = forward(ex, c, dropped);
      double p1 = sigmoid(outs[i].l1), p2 = sigmoid(outs[i].l2), y1 = ex.click()[c], y2 = ex.engage()[c];
      double bce = -(y1 * Math.log(p1) + (1 - y1) * Math.log(1 - p1));
      double nested = -((1 - y1) * Math.log(1 - p1) + (y1 - y2) * Math.log(Math.max(p1 - p2, 1e-7)) + y2 * Math.log(p2));
      sum += ex.weight()[c] * (bce + nested);
      weight += ex.weight()[c];
    }
    double total = sum / weight;
    for (int q = 0; q < k; q++) {
      double mean = 0;
      for (Out o : outs) mean += o.gate[q];
      mean /= n;
      total += loss.lambdaLoadBalance() * k * mean * mean;
    }
    if (contrastive) {
      double cl = 0;
      for (int i = 0; i < n; i++) {
        double[] row = new double[n];
        for (int b = 0; b < n; b++) row[b] = cos(outs[i].pooled, outs[b].pooledMasked) / loss.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) max = Math.max(max, v);
        double zsum = 0;
        for (double v : row) zsum += Math.exp(v - max);
        cl += max + Math.log(zsum) - row[i];
      }
      total += loss.lambdaContrastive() * cl / n;
    }
    return total;
  }

  private static double cos(double[] u, double[] v) {
    double uv = 0, uu = 1e-12, vv = 1e-12;
    for (int i = 0; i < u.length; i++) {
      uv += u[i] * v[i];
      uu += u[i] * u[i];
      vv += v[i] * v[i];
    }
    return uv / (Math.sqrt(uu) * Math.sqrt(vv));
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double[] softmax(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) max = Math.max(max, x);
    double[] out = new double[v.length];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.exp(v[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < v.length; i++) out[i] /= sum;
    return out;
  }
}
