package io.recsys.ranking.model;

import java.util.Arrays;

/**
 * One worker's forward and backward pass of the network {@link MoeArchitecture} describes, for one
 * candidate at a time, over primitive arrays. Holds the scratch buffers of a single candidate; the
 * gate path's per-candidate results live in a {@link MoeGateState} so that a batch can run the gate path
 * of every candidate first (the load-balance and contrastive terms need batch means) and the rest later.
 *
 * <p>Two folds keep the hot loops short: {@code (b_j ⊙ t)·attnBt + b_j·attnB = b_j · M_t} with
 * {@code M_t = t ⊙_rows attnBt + attnB}, one E×Ha product per candidate instead of two per behaviour;
 * and padded behaviours are skipped when the query has a real one, which is exact because their
 * attention weight {@code exp(−MASK_PENALTY)} is 0 in float and in double.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class MoeKernel {
  final MoeArchitecture arch;
  private final int d, e, l, ha, k, h1, h2, ht, x;

  // Per-candidate scratch: gate path.
  private final float[] m; // M_t [E*Ha]
  private final float[] tt; // t·attnT + attnBias [Ha]
  private final float[] tg; // t·gateT + gateBias [K]
  final float[] droppedMask; // the contrastive path's mask of the current query [L]
  // Expert and tower path.
  private final float[] in; // x_n [X]
  private final float[] z1; // pre-activations [K*H1]
  private final float[] z2; // pre-activations [K*H2]
  private final float[] mix; // m_n [H2]
  private final float[] ty; // tower hidden pre-activations [T*Ht]
  float z0, z1Engage; // tower outputs
  float l1, delta, sNeg; // ordinal heads: l2 = l1 − delta, sNeg = σ(−z_engage)
  // Backward scratch.
  private final float[] gm, gz2, gz1, gy, gu, gG, gR, gRM, ga, gaM, gr, gpre, gtt, gtg, gM;
  final double[] lossGrad = new double[2];
  /** A one-candidate gate state for paths that need no batch coupling (serving, evaluation). */
  final MoeGateState single;

  MoeKernel(MoeArchitecture a) {
    this.arch = a;
    d = a.denseDim();
    e = a.embeddingDim();
    l = a.sequenceLength();
    ha = a.attentionHidden();
    k = a.experts();
    h1 = a.expertHidden();
    h2 = a.expertOut();
    ht = a.towerHidden();
    x = a.expertInputDim();
    m = new float[e * ha];
    tt = new float[ha];
    tg = new float[k];
    droppedMask = new float[l];
    in = new float[x];
    z1 = new float[k * h1];
    z2 = new float[k * h2];
    mix = new float[h2];
    ty = new float[MoeArchitecture.TASKS * ht];
    gm = new float[h2];
    gz2 = new float[h2];
    gz1 = new float[h1];
    gy = new float[ht];
    gu = new float[e];
    gG = new float[k];
    gR = new float[k];
    gRM = new float[k];
    ga = new float[l];
    gaM = new float[l];
    gr = new float[l * k];
    gpre = new float[ha];
    gtt = new float[ha];
    gtg = new float[k];
    gM = new float[e * ha];
    single = new MoeGateState(a, 1);
  }

  /** Activation unit, gate unit, gate output and pooled interest of one candidate into row c of st. */
  void gateForward(MoeParameters p, float[] beh, int bOff, float[] mask, int mOff, float[] tgt, int tOff,
      MoeGateState st, int c) {
    final int e = this.e, ha = this.ha, k = this.k, l = this.l;
    final float[] m = this.m, tt = this.tt, tg = this.tg;
    final float[] attnBt = p.attnBt, attnB = p.attnB, attnT = p.attnT, gateT = p.gateT, gateB = p.gateB;
    final float[] attnPos = p.attnPos, attnOut = p.attnOut;
    System.arraycopy(p.attnBias, 0, tt, 0, ha);
    System.arraycopy(p.gateBias, 0, tg, 0, k);
    for (int i = 0; i < e; i++) {
      float ti = tgt[tOff + i];
      int row = i * ha;
      for (int h = 0; h < ha; h++) {
        m[row + h] = ti * attnBt[row + h] + attnB[row + h];
        tt[h] += ti * attnT[row + h];
      }
      int kr = i * k;
      for (int q = 0; q < k; q++) tg[q] += ti * gateT[kr + q];
    }
    final int base = c * l;
    int n = 0;
    for (int j = 0; j < l; j++) if (mask[mOff + j] > 0) st.active[base + n++] = j;
    if (n == 0) {
      // No history: attend over the padding (all zeros), which keeps every output finite.
      for (int j = 0; j < l; j++) st.active[base + j] = j;
      n = l;
    }
    st.activeCount[c] = n;
    final float[] pre = st.pre, s = st.s, r = st.r, g = st.g;
    float maxS = Float.NEGATIVE_INFINITY;
    for (int ji = 0; ji < n; ji++) {
      int j = st.active[base + ji];
      int pr = (base + ji) * ha;
      int pos = j * ha;
      for (int h = 0; h < ha; h++) pre[pr + h] = tt[h] + attnPos[pos + h];
      int rr = (base + ji) * k;
      System.arraycopy(tg, 0, r, rr, k);
      int bj = bOff + j * e;
      for (int i = 0; i < e; i++) {
        float bv = beh[bj + i];
        if (bv == 0f) continue;
        int row = i * ha;
        for (int h = 0; h < ha; h++) pre[pr + h] += bv * m[row + h];
        int kr = i * k;
        for (int q = 0; q < k; q++) r[rr + q] += bv * gateB[kr + q];
      }
      // The (mask_j − 1)·MASK_PENALTY term is the same for every attended behaviour (all real, or all
      // padding when there is no history), and softmax ignores a shared shift; leaving it out keeps
      // the float scores precise.
      float sj = 0f;
      for (int h = 0; h < ha; h++) {
        float v = pre[pr + h];
        if (v > 0f) sj += v * attnOut[h];
      }
      s[base + ji] = sj;
      if (sj > maxS) maxS = sj;
      softmax(r, g, rr, k);
    }
    float sum = 0f;
    for (int ji = 0; ji < n; ji++) {
      float w = (float) Math.exp(s[base + ji] - maxS);
      st.a[base + ji] = w;
      sum += w;
    }
    float inv = 1f / sum;
    final int gk = c * k, ue = c * e;
    Arrays.fill(st.gate, gk, gk + k, 0f);
    Arrays.fill(st.pooled, gk, gk + k, 0f);
    Arrays.fill(st.interest, ue, ue + e, 0f);
    for (int ji = 0; ji < n; ji++) {
      float aj = st.a[base + ji] * inv;
      st.a[base + ji] = aj;
      int rr = (base + ji) * k;
      for (int q = 0; q < k; q++) {
        st.gate[gk + q] += aj * g[rr + q];
        st.pooled[gk + q] += aj * r[rr + q];
      }
      int bj = bOff + st.active[base + ji] * e;
      for (int i = 0; i < e; i++) st.interest[ue + i] += aj * beh[bj + i];
    }
  }

  /**
   * The contrastive path of row c: the attention softmax restricted to the behaviours the dropped mask
   * keeps (scores and gate logits of a behaviour do not depend on the others, so nothing else is
   * recomputed), and its pooled gate logits R'.
   */
  void maskedForward(float[] dropped, MoeGateState st, int c, boolean hasHistory) {
    final int base = c * l, n = st.activeCount[c], kk = k;
    if (!hasHistory) {
      System.arraycopy(st.a, base, st.aMasked, base, n);
      System.arraycopy(st.pooled, c * kk, st.pooledMasked, c * kk, kk);
      return;
    }
    float maxS = Float.NEGATIVE_INFINITY;
    for (int ji = 0; ji < n; ji++) {
      if (dropped[st.active[base + ji]] > 0f && st.s[base + ji] > maxS) maxS = st.s[base + ji];
    }
    float sum = 0f;
    for (int ji = 0; ji < n; ji++) {
      float w = dropped[st.active[base + ji]] > 0f ? (float) Math.exp(st.s[base + ji] - maxS) : 0f;
      st.aMasked[base + ji] = w;
      sum += w;
    }
    if (!(sum > 0f)) throw new IllegalStateException("the contrastive mask dropped every behaviour of candidate row " + c);
    float inv = 1f / sum;
    int gk = c * kk;
    Arrays.fill(st.pooledMasked, gk, gk + kk, 0f);
    for (int ji = 0; ji < n; ji++) {
      float aj = st.aMasked[base + ji] * inv;
      st.aMasked[base + ji] = aj;
      if (aj == 0f) continue;
      int rr = (base + ji) * kk;
      for (int q = 0; q < kk; q++) st.pooledMasked[gk + q] += aj * st.r[rr + q];
    }
  }

  /** Experts, mixture, towers and ordinal heads of row c; leaves l1, delta (= l1 − l2) and sNeg. */
  void headForward(MoeParameters p, float[] dense, int dOff, float[] tgt, int tOff, MoeGateState st, int c) {
    final int d = this.d, e = this.e, k = this.k, h1 = this.h1, h2 = this.h2, ht = this.ht, x = this.x;
    final float[] in = this.in, z1 = this.z1, z2 = this.z2, mix = this.mix;
    System.arraycopy(dense, dOff, in, 0, d);
    int ue = c * e;
    for (int i = 0; i < e; i++) {
      float ti = tgt[tOff + i];
      in[d + i] = ti * st.interest[ue + i];
      in[d + e + i] = ti;
    }
    final float[] w1 = p.expertW1, b1 = p.expertB1, w2 = p.expertW2, b2 = p.expertB2;
    Arrays.fill(mix, 0f);
    for (int q = 0; q < k; q++) {
      int zo = q * h1;
      System.arraycopy(b1, zo, z1, zo, h1);
      for (int xi = 0; xi < x; xi++) {
        float xv = in[xi];
        if (xv == 0f) continue;
        int row = (q * x + xi) * h1;
        for (int i = 0; i < h1; i++) z1[zo + i] += xv * w1[row + i];
      }
      int yo = q * h2;
      System.arraycopy(b2, yo, z2, yo, h2);
      for (int i = 0; i < h1; i++) {
        float hv = z1[zo + i];
        if (!(hv > 0f)) continue;
        int row = (q * h1 + i) * h2;
        for (int o = 0; o < h2; o++) z2[yo + o] += hv * w2[row + o];
      }
      float gq = st.gate[c * k + q];
      for (int o = 0; o < h2; o++) {
        float v = z2[yo + o];
        if (v > 0f) mix[o] += gq * v;
      }
    }
    final float[] tw1 = p.towerW1, tb1 = p.towerB1, tw2 = p.towerW2, tb2 = p.towerB2;
    for (int task = 0; task < MoeArchitecture.TASKS; task++) {
      int yo = task * ht;
      System.arraycopy(tb1, yo, ty, yo, ht);
      for (int o = 0; o < h2; o++) {
        float mv = mix[o];
        if (mv == 0f) continue;
        int row = (task * h2 + o) * ht;
        for (int i = 0; i < ht; i++) ty[yo + i] += mv * tw1[row + i];
      }
      float z = tb2[task];
      for (int i = 0; i < ht; i++) {
        float v = ty[yo + i];
        if (v > 0f) z += v * tw2[yo + i];
      }
      if (task == MoeArchitecture.CLICK) z0 = z;
      else z1Engage = z;
    }
    l1 = z0 - p.thresholds[0];
    sNeg = (float) RankingLoss.sigmoid(-z1Engage);
    delta = (float) (Math.exp(p.thresholds[1]) * sNeg);
  }

  /**
   * Backward pass of row c after {@link #headForward}: accumulates into {@code grad} the gradients of
   * {@code gl1·l1 + gl2·l2} plus the batch-coupled terms stored in {@code st} (when {@code coupled}),
   * the latter's contrastive part only when {@code contrastive}.
   */
  void backward(MoeParameters p, MoeParameters grad, float[] beh, int bOff, float[] tgt, int tOff, MoeGateState st, int c,
      float gl1, float gl2, boolean coupled, boolean contrastive) {
    final int d = this.d, e = this.e, k = this.k, h1 = this.h1, h2 = this.h2, ht = this.ht, x = this.x, ha = this.ha;
    // Ordinal heads: l1 = z_click − a1, l2 = l1 − Δ·σ(−z_engage), Δ = exp(logGap).
    float gzc = gl1 + gl2;
    float gDelta = -gl2;
    grad.thresholds[0] -= gzc;
    grad.thresholds[1] += gDelta * delta;
    float gze = -gDelta * delta * (1f - sNeg);
    // Towers.
    final float[] tw1 = p.towerW1, tw2 = p.towerW2, gtw1 = grad.towerW1, gtw2 = grad.towerW2, gtb1 = grad.towerB1;
    final float[] gm = this.gm, gy = this.gy, mix = this.mix;
    Arrays.fill(gm, 0f);
    for (int task = 0; task < MoeArchitecture.TASKS; task++) {
      float gz = task == MoeArchitecture.CLICK ? gzc : gze;
      if (gz == 0f) continue;
      grad.towerB2[task] += gz;
      int yo = task * ht;
      for (int i = 0; i < ht; i++) {
        float v = ty[yo + i];
        if (v > 0f) {
          gtw2[yo + i] += gz * v;
          float g = gz * tw2[yo + i];
          gtb1[yo + i] += g;
          gy[i] = g;
        } else {
          gy[i] = 0f;
        }
      }
      for (int o = 0; o < h2; o++) {
        int row = (task * h2 + o) * ht;
        float mv = mix[o], acc = 0f;
        for (int i = 0; i < ht; i++) {
          gtw1[row + i] += mv * gy[i];
          acc += tw1[row + i] * gy[i];
        }
        gm[o] += acc;
      }
    }
    // Experts and mixture.
    final float[] w1 = p.expertW1, w2 = p.expertW2, gw1 = grad.expertW1, gw2 = grad.expertW2;
    final float[] gb1 = grad.expertB1, gb2 = grad.expertB2, in = this.in, gz1 = this.gz1, gz2 = this.gz2, gu = this.gu;
    Arrays.fill(gu, 0f);
    for (int q = 0; q < k; q++) {
      float gq = st.gate[c * k + q], gGq = 0f;
      int yo = q * h2, zo = q * h1;
      boolean any = false;
      for (int o = 0; o < h2; o++) {
        float v = z2[yo + o];
        if (v > 0f) {
          gGq += gm[o] * v;
          float g = gq * gm[o];
          gz2[o] = g;
          gb2[yo + o] += g;
          any |= g != 0f;
        } else {
          gz2[o] = 0f;
        }
      }
      gG[q] = gGq;
      if (!any) continue;
      boolean anyHidden = false;
      for (int i = 0; i < h1; i++) {
        float hv = z1[zo + i];
        if (!(hv > 0f)) {
          gz1[i] = 0f;
          continue;
        }
        int row = (q * h1 + i) * h2;
        float acc = 0f;
        for (int o = 0; o < h2; o++) {
          gw2[row + o] += hv * gz2[o];
          acc += w2[row + o] * gz2[o];
        }
        gz1[i] = acc;
        gb1[zo + i] += acc;
        anyHidden |= acc != 0f;
      }
      if (!anyHidden) continue;
      for (int xi = 0; xi < x; xi++) {
        float xv = in[xi];
        int row = (q * x + xi) * h1;
        if (xi >= d && xi < d + e) {
          // The t ⊙ u block: also carry the gradient down to u (dense and target are inputs).
          float acc = 0f;
          for (int i = 0; i < h1; i++) {
            gw1[row + i] += xv * gz1[i];
            acc += w1[row + i] * gz1[i];
          }
          gu[xi - d] += acc * tgt[tOff + xi - d];
        } else if (xv != 0f) {
          for (int i = 0; i < h1; i++) gw1[row + i] += xv * gz1[i];
        }
      }
    }
    final int gk = c * k;
    for (int q = 0; q < k; q++) {
      gR[q] = 0f;
      gRM[q] = 0f;
    }
    if (coupled) {
      for (int q = 0; q < k; q++) {
        gG[q] += st.gGate[gk + q];
        gR[q] = st.gPooled[gk + q];
        gRM[q] = st.gPooledMasked[gk + q];
      }
    }
    gateBackward(p, grad, beh, bOff, tgt, tOff, st, c, contrastive);
  }

  private void gateBackward(MoeParameters p, MoeParameters grad, float[] beh, int bOff, float[] tgt, int tOff,
      MoeGateState st, int c, boolean contrastive) {
    final int e = this.e, k = this.k, ha = this.ha, l = this.l;
    final int base = c * l, n = st.activeCount[c];
    final float[] gG = this.gG, gR = this.gR, gRM = this.gRM, gu = this.gu, ga = this.ga, gaM = this.gaM, gr = this.gr;
    final float[] r = st.r, g = st.g, a = st.a, aM = st.aMasked;
    double sumA = 0, sumAM = 0;
    for (int ji = 0; ji < n; ji++) {
      int rr = (base + ji) * k, bj = bOff + st.active[base + ji] * e;
      float aj = a[base + ji];
      float gaj = 0f, dot = 0f;
      for (int q = 0; q < k; q++) {
        gaj += gG[q] * g[rr + q] + gR[q] * r[rr + q];
        dot += g[rr + q] * gG[q];
      }
      for (int i = 0; i < e; i++) gaj += gu[i] * beh[bj + i];
      // g_j = softmax(r_j): dG/dr through the Jacobian diag(g) − g gᵀ; R = Σ a r passes straight through.
      for (int q = 0; q < k; q++) gr[ji * k + q] = aj * (gR[q] + g[rr + q] * (gG[q] - dot));
      ga[ji] = gaj;
      sumA += aj * gaj;
      if (contrastive) {
        float amj = aM[base + ji], gam = 0f;
        for (int q = 0; q < k; q++) gam += gRM[q] * r[rr + q];
        for (int q = 0; q < k; q++) gr[ji * k + q] += amj * gRM[q];
        gaM[ji] = gam;
        sumAM += amj * gam;
      }
    }
    final float[] pre = st.pre, attnOut = p.attnOut, gAttnOut = grad.attnOut, gPos = grad.attnPos, gGateB = grad.gateB;
    final float[] gpre = this.gpre, gtt = this.gtt, gtg = this.gtg, gM = this.gM;
    Arrays.fill(gtt, 0f);
    Arrays.fill(gtg, 0f);
    Arrays.fill(gM, 0f);
    final float sA = (float) sumA, sAM = (float) sumAM;
    for (int ji = 0; ji < n; ji++) {
      int j = st.active[base + ji], bj = bOff + j * e;
      // softmax over the attended behaviours (and over the kept ones, for the masked path).
      float gs = a[base + ji] * (ga[ji] - sA);
      if (contrastive) gs += aM[base + ji] * (gaM[ji] - sAM);
      if (gs != 0f) {
        int pr = (base + ji) * ha, pos = j * ha;
        boolean any = false;
        for (int h = 0; h < ha; h++) {
          float v = pre[pr + h];
          if (v > 0f) {
            gAttnOut[h] += gs * v;
            float gp = gs * attnOut[h];
            gpre[h] = gp;
            gPos[pos + h] += gp;
            gtt[h] += gp;
            any = true;
          } else {
            gpre[h] = 0f;
          }
        }
        if (any) {
          for (int i = 0; i < e; i++) {
            float bv = beh[bj + i];
            if (bv == 0f) continue;
            int row = i * ha;
            for (int h = 0; h < ha; h++) gM[row + h] += bv * gpre[h];
          }
        }
      }
      int gro = ji * k;
      for (int q = 0; q < k; q++) gtg[q] += gr[gro + q];
      for (int i = 0; i < e; i++) {
        float bv = beh[bj + i];
        if (bv == 0f) continue;
        int row = i * k;
        for (int q = 0; q < k; q++) gGateB[row + q] += bv * gr[gro + q];
      }
    }
    final float[] attnBt = grad.attnBt, attnB = grad.attnB, attnT = grad.attnT, gateT = grad.gateT;
    for (int i = 0; i < e; i++) {
      float ti = tgt[tOff + i];
      int row = i * ha;
      for (int h = 0; h < ha; h++) {
        float gmv = gM[row + h];
        attnB[row + h] += gmv;
        attnBt[row + h] += ti * gmv;
        attnT[row + h] += ti * gtt[h];
      }
      int kr = i * k;
      for (int q = 0; q < k; q++) gateT[kr + q] += ti * gtg[q];
    }
    for (int h = 0; h < ha; h++) grad.attnBias[h] += gtt[h];
    for (int q = 0; q < k; q++) grad.gateBias[q] += gtg[q];
  }

  private static void softmax(float[] logits, float[] out, int off, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, logits[off + i]);
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float v = (float) Math.exp(logits[off + i] - max);
      out[off + i] = v;
      sum += v;
    }
    float inv = 1f / sum;
    for (int i = 0; i < n; i++) out[off + i] *= inv;
  }
}
