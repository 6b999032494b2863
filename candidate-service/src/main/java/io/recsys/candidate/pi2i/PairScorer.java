package io.recsys.candidate.pi2i;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The personalised scorer of PI2I's retrieval stage: logistic regression over standardised
 * {@link PairFeatures}, {@code p(engage) = sigmoid(bias + sum_k w_k (x_k - mean_k) / std_k)}.
 *
 * <p>Small and explainable on purpose: a request scores triggers x N pairs (METHODS §2, Cost: e.g.
 * 10 x 200 = 2,000), so the scorer must cost nanoseconds per pair, and each weight reads as "how much
 * this evidence moves the odds", which lets an engineer see why a target was retrieved. The
 * interactive part lives in the product features, not in a deeper model; the ranking stage after this
 * one is where capacity goes.
 *
 * <p>File format ({@link #write}, {@link #read}), big-endian: {@code "RSPS"} magic, int version 1, int
 * feature count (must equal {@link PairFeatures#COUNT}), float bias, then per feature float weight,
 * mean, std. Immutable; thread-safe.
 */
public final class PairScorer {
  private static final int MAGIC = 0x52535053; // "RSPS"
  private static final int FORMAT = 1;

  private final float bias;
  private final float[] weights;
  private final float[] means;
  private final float[] stds;
  // Standardisation folded into the weights, so a score is one dot product.
  private final float[] folded;
  private final float foldedBias;

  /**
   * @param weights per-feature weights on standardised features, length {@link PairFeatures#COUNT}
   * @param means feature means and {@code stds} standard deviations (> 0) the weights were fitted on
   */
  public PairScorer(float[] weights, float bias, float[] means, float[] stds) {
    int n = PairFeatures.COUNT;
    if (weights.length != n || means.length != n || stds.length != n) {
      throw new IllegalArgumentException("weights, means and stds need " + n + " entries each, got " + weights.length
          + ", " + means.length + ", " + stds.length);
    }
    if (!Float.isFinite(bias)) throw new IllegalArgumentException("bias is not finite: " + bias);
    this.bias = bias;
    this.weights = weights.clone();
    this.means = means.clone();
    this.stds = stds.clone();
    folded = new float[n];
    double b = bias;
    for (int k = 0; k < n; k++) {
      if (!Float.isFinite(weights[k]) || !Float.isFinite(means[k]) || !(stds[k] > 0) || !Float.isFinite(stds[k])) {
        throw new IllegalArgumentException("feature " + PairFeatures.name(k) + ": weight " + weights[k] + ", mean "
            + means[k] + ", std " + stds[k] + " (weights and means finite, std positive)");
      }
      folded[k] = weights[k] / stds[k];
      b -= (double) weights[k] * means[k] / stds[k];
    }
    foldedBias = (float) b;
  }

  /**
   * A scorer that ranks by one raw feature alone ({@code logit = x_feature}): the un-personalised
   * baselines (i2i score only, cosine only) the trained scorer is compared against.
   */
  public static PairScorer singleFeature(int feature) {
    float[] w = new float[PairFeatures.COUNT];
    float[] m = new float[PairFeatures.COUNT];
    float[] s = new float[PairFeatures.COUNT];
    Arrays.fill(s, 1f);
    w[feature] = 1f;
    return new PairScorer(w, 0f, m, s);
  }

  /** The log-odds of engagement; monotone in {@link #score}, and cheaper (no exp), for ranking. */
  public float logit(float[] features) {
    float z = foldedBias;
    for (int k = 0; k < folded.length; k++) z += folded[k] * features[k];
    return z;
  }

  /** p(engage) for the pair whose features are {@code features[0..COUNT)}. */
  public float score(float[] features) {
    return sigmoid(logit(features));
  }

  static float sigmoid(float z) {
    return (float) (1 / (1 + Math.exp(-z)));
  }

  public float bias() {
    return bias;
  }

  public float weight(int feature) {
    return weights[feature];
  }

  public float mean(int feature) {
    return means[feature];
  }

  public float std(int feature) {
    return stds[feature];
  }

  /** The weights, one line per feature, largest magnitude first: what the scorer has learnt. */
  public String describe() {
    Integer[] order = new Integer[weights.length];
    for (int k = 0; k < order.length; k++) order[k] = k;
    Arrays.sort(order, (a, b) -> Float.compare(Math.abs(weights[b]), Math.abs(weights[a])));
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "bias %+.3f%n", bias));
    for (int k : order) {
      sb.append(String.format(Locale.ROOT, "%-22s %+.3f%n", PairFeatures.name(k), weights[k]));
    }
    return sb.toString();
  }

  public void write(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(weights.length);
      out.writeFloat(bias);
      for (int k = 0; k < weights.length; k++) {
        out.writeFloat(weights[k]);
        out.writeFloat(means[k]);
        out.writeFloat(stds[k]);
      }
    }
  }

  /** Reads a file {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static PairScorer read(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a pair-scorer file (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": pair-scorer format " + format + ", this build reads " + FORMAT);
      int n = in.readInt();
      if (n != PairFeatures.COUNT) {
        throw new IOException(file + ": scorer over " + n + " features, this build computes " + PairFeatures.COUNT);
      }
      float bias = in.readFloat();
      float[] w = new float[n];
      float[] m = new float[n];
      float[] s = new float[n];
      for (int k = 0; k < n; k++) {
        w[k] = in.readFloat();
        m[k] = in.readFloat();
        s[k] = in.readFloat();
      }
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + n + " features");
      try {
        return new PairScorer(w, bias, m, s);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw new IOException(file + ": truncated pair-scorer file", e);
    }
  }
}
