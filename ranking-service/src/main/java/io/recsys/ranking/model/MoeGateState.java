package io.recsys.ranking.model;

/**
 * Per-candidate results of the gate path (attention, gate, pooled interest), for a batch of
 * candidates; rows are indexed by the candidate's position c in the batch and by the position ji of
 * the behaviour among the query's active (attended) behaviours. {@link MoeKernel} fills and reads it;
 * a batch runs the gate path of every candidate first (the load-balance and contrastive terms need
 * batch means) and the rest later. Not thread-safe: owned by one worker.
 */
final class MoeGateState {
  final int capacity;
  final int[] active; // [C*L]: behaviour index j of active position ji
  final int[] activeCount; // [C]
  final float[] pre; // [C*L*Ha]: activation unit pre-activations
  final float[] s; // [C*L]: attention scores
  final float[] a; // [C*L]: attention weights
  final float[] aMasked; // [C*L]: attention weights of the contrastive (masked) path, 0 where dropped
  final float[] r; // [C*L*K]: gate logits
  final float[] g; // [C*L*K]: gate softmax
  final float[] gate; // [C*K]: G_n
  final float[] pooled; // [C*K]: R_n = Σ_j a_nj r_nj
  final float[] pooledMasked; // [C*K]: R'_n
  final float[] interest; // [C*E]: u_n
  final float[] gGate, gPooled, gPooledMasked; // [C*K]: batch-coupled upstream gradients

  MoeGateState(MoeArchitecture a, int capacity) {
    this.capacity = capacity;
    int l = a.sequenceLength(), k = a.experts();
    active = new int[capacity * l];
    activeCount = new int[capacity];
    pre = new float[capacity * l * a.attentionHidden()];
    s = new float[capacity * l];
    this.a = new float[capacity * l];
    aMasked = new float[capacity * l];
    r = new float[capacity * l * k];
    g = new float[capacity * l * k];
    gate = new float[capacity * k];
    pooled = new float[capacity * k];
    pooledMasked = new float[capacity * k];
    interest = new float[capacity * a.embeddingDim()];
    gGate = new float[capacity * k];
    gPooled = new float[capacity * k];
    gPooledMasked = new float[capacity * k];
  }
}
