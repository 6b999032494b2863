package io.recsys.ranking.model;

/**
 * The shape of the ranking network: immutable, every default a named constant, validated on
 * construction with a message naming the setting.
 *
 * <p>The network (AW-MoE, METHODS.md §3, with GNOLR-style ordinal heads, §5). For one candidate
 * {@code n} with target embedding {@code t} (E), dense features {@code d} (D) and the user's behaviour
 * sequence {@code b_1..b_L} (E each, {@code mask_j} = 1 for a real behaviour, 0 for padding):
 * <pre>
 *   activation unit   h_nj = relu((b_j ⊙ t) · attnBt + b_j · attnB + t · attnT + attnPos[j] + attnBias)   (Ha)
 *                     s_nj = h_nj · attnOut + (mask_j − 1) · MASK_PENALTY
 *                     a_nj = softmax_j(s_nj)
 *   gate unit         g_nj = softmax_k(b_j · gateB + t · gateT + gateBias)                                (K)
 *   gate output       G_n  = Σ_j a_nj g_nj                                                               (K)
 *   user interest     u_n  = Σ_j a_nj b_j                                                                (E)
 *   expert input      x_n  = [d, t ⊙ u_n, t]                                                             (X = D + 2E)
 *   expert k          e_nk = relu(relu(x_n · expertW1[k] + expertB1[k]) · expertW2[k] + expertB2[k])    (He2)
 *   mixture           m_n  = Σ_k G_nk e_nk                                                               (He2)
 *   tower task τ      z_nτ = relu(m_n · towerW1[τ] + towerB1[τ]) · towerW2[τ] + towerB2[τ]              (scalar)
 *   ordinal heads     l1 = z_click − a1;   l2 = l1 − Δ · σ(−z_engage),  a1 = threshold1, Δ = exp(logGap)
 *                     P(y ≥ 1) = σ(l1) (click), P(y ≥ 2) = σ(l2) (engage); P(y≥2) ≤ P(y≥1) by construction.
 * </pre>
 * Matrices are row-major {@code [in, out]} (so {@code y = x · W + c}); the experts' and towers'
 * tensors are stacked, expert (or task) first.
 *
 * @param denseDim D, dense per-candidate features (standardised before they reach the network)
 * @param embeddingDim E, item embedding size (target and behaviours)
 * @param sequenceLength L, behaviours per user (newest first, padded with zeros and mask 0)
 * @param attentionHidden Ha
 * @param experts K
 * @param expertHidden He1
 * @param expertOut He2
 * @param towerHidden Ht
 */
public record MoeArchitecture(int denseDim, int embeddingDim, int sequenceLength, int attentionHidden, int experts,
    int expertHidden, int expertOut, int towerHidden) {
  public static final int DEFAULT_SEQUENCE_LENGTH = 20;
  public static final int DEFAULT_ATTENTION_HIDDEN = 16;
  public static final int DEFAULT_EXPERTS = 4;
  public static final int DEFAULT_EXPERT_HIDDEN = 32;
  public static final int DEFAULT_EXPERT_OUT = 16;
  public static final int DEFAULT_TOWER_HIDDEN = 8;
  /** Added to a padded behaviour's attention score: exp(-1e4) is 0 in float. */
  public static final float MASK_PENALTY = 1e4f;
  /** The tasks, in output order. */
  public static final int TASKS = 2;
  public static final int CLICK = 0;
  public static final int ENGAGE = 1;

  public MoeArchitecture {
    positive("denseDim", denseDim);
    positive("embeddingDim", embeddingDim);
    positive("sequenceLength", sequenceLength);
    positive("attentionHidden", attentionHidden);
    positive("experts", experts);
    positive("expertHidden", expertHidden);
    positive("expertOut", expertOut);
    positive("towerHidden", towerHidden);
  }

  /** The default shape for the given feature and embedding sizes. */
  public static MoeArchitecture of(int denseDim, int embeddingDim) {
    return new MoeArchitecture(denseDim, embeddingDim, DEFAULT_SEQUENCE_LENGTH, DEFAULT_ATTENTION_HIDDEN,
        DEFAULT_EXPERTS, DEFAULT_EXPERT_HIDDEN, DEFAULT_EXPERT_OUT, DEFAULT_TOWER_HIDDEN);
  }

  public MoeArchitecture withExperts(int k) {
    return new MoeArchitecture(denseDim, embeddingDim, sequenceLength, attentionHidden, k, expertHidden, expertOut,
        towerHidden);
  }

  public MoeArchitecture withSequenceLength(int l) {
    return new MoeArchitecture(denseDim, embeddingDim, l, attentionHidden, experts, expertHidden, expertOut, towerHidden);
  }

  public MoeArchitecture withExpertSizes(int hidden, int out) {
    return new MoeArchitecture(denseDim, embeddingDim, sequenceLength, attentionHidden, experts, hidden, out, towerHidden);
  }

  /** X, the expert input width: dense features, target ⊙ pooled interest, target. */
  public int expertInputDim() {
    return denseDim + 2 * embeddingDim;
  }

  private static void positive(String name, int v) {
    if (v < 1) throw new IllegalArgumentException(name + " must be >= 1: " + v);
  }
}
