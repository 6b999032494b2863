package io.recsys.ranking.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every trainable tensor of the network {@link MoeArchitecture} describes, as flat row-major float
 * arrays (shapes in {@link #shapes}). The same layout holds gradients and Adam moments
 * ({@link #zerosLike}). Not thread-safe: a trainer owns its parameters; readers of a finished model
 * only read.
 */
public final class MoeParameters {
  private static final int MAGIC = 0x4D6F4521; // "MoE!"
  private static final int FORMAT = 1;

  private final MoeArchitecture arch;
  private final Map<String, float[]> tensors;
  private final Map<String, int[]> shapes;

  // Named views of the tensors (the same arrays as in the map).
  public final float[] attnBt, attnB, attnT, attnPos, attnBias, attnOut;
  public final float[] gateB, gateT, gateBias;
  public final float[] expertW1, expertB1, expertW2, expertB2;
  public final float[] towerW1, towerB1, towerW2, towerB2;
  /** [a1, logGap]: P(y≥1) threshold and the log of the gap a2 − a1 (so the thresholds stay ordered). */
  public final float[] thresholds;

  private MoeParameters(MoeArchitecture arch, Map<String, float[]> tensors) {
    this.arch = arch;
    this.shapes = shapesOf(arch);
    if (!tensors.keySet().equals(shapes.keySet())) {
      throw new IllegalArgumentException("tensors " + tensors.keySet() + " do not match the architecture's " + shapes.keySet());
    }
    for (var e : shapes.entrySet()) {
      int n = size(e.getValue());
      if (tensors.get(e.getKey()).length != n) {
        throw new IllegalArgumentException(e.getKey() + " has " + tensors.get(e.getKey()).length + " values, expected " + n);
      }
    }
    this.tensors = tensors;
    attnBt = tensors.get("attnBt");
    attnB = tensors.get("attnB");
    attnT = tensors.get("attnT");
    attnPos = tensors.get("attnPos");
    attnBias = tensors.get("attnBias");
    attnOut = tensors.get("attnOut");
    gateB = tensors.get("gateB");
    gateT = tensors.get("gateT");
    gateBias = tensors.get("gateBias");
    expertW1 = tensors.get("expertW1");
    expertB1 = tensors.get("expertB1");
    expertW2 = tensors.get("expertW2");
    expertB2 = tensors.get("expertB2");
    towerW1 = tensors.get("towerW1");
    towerB1 = tensors.get("towerB1");
    towerW2 = tensors.get("towerW2");
    towerB2 = tensors.get("towerB2");
    thresholds = tensors.get("thresholds");
  }

  /** The tensor shapes of an architecture, in a fixed order (the file order and the optimiser's). */
  public static Map<String, int[]> shapesOf(MoeArchitecture a) {
    int e = a.embeddingDim(), ha = a.attentionHidden(), k = a.experts(), x = a.expertInputDim();
    int h1 = a.expertHidden(), h2 = a.expertOut(), ht = a.towerHidden(), t = MoeArchitecture.TASKS;
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("attnBt", new int[] {e, ha});
    m.put("attnB", new int[] {e, ha});
    m.put("attnT", new int[] {e, ha});
    m.put("attnPos", new int[] {a.sequenceLength(), ha});
    m.put("attnBias", new int[] {ha});
    m.put("attnOut", new int[] {ha});
    m.put("gateB", new int[] {e, k});
    m.put("gateT", new int[] {e, k});
    m.put("gateBias", new int[] {k});
    m.put("expertW1", new int[] {k, x, h1});
    m.put("expertB1", new int[] {k, h1});
    m.put("expertW2", new int[] {k, h1, h2});
    m.put("expertB2", new int[] {k, h2});
    m.put("towerW1", new int[] {t, h2, ht});
    m.put("towerB1", new int[] {t, ht});
    m.put("towerW2", new int[] {t, ht});
    m.put("towerB2", new int[] {t});
    m.put("thresholds", new int[] {2});
    return m;
  }

  /**
   * Seeded initialisation: He-normal weights for ReLU layers, Xavier for the attention output and the
   * gate, zero biases; thresholds from the base rates so that a zero logit reproduces them (GNOLR:
   * a_k = −ln m_k).
   *
   * @param clickRate base rate of y ≥ 1 among training examples, in (0, 1)
   * @param engageRate base rate of y ≥ 2, in (0, clickRate]; when the data has no deeper level pass a small value
   */
  public static MoeParameters initial(MoeArchitecture a, long seed, double clickRate, double engageRate) {
    if (!(clickRate > 0 && clickRate < 1)) throw new IllegalArgumentException("clickRate must be in (0, 1): " + clickRate);
    if (!(engageRate > 0 && engageRate <= clickRate)) {
      throw new IllegalArgumentException("engageRate must be in (0, clickRate]: " + engageRate);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, float[]> m = new LinkedHashMap<>();
    for (var e : shapesOf(a).entrySet()) {
      int[] s = e.getValue();
      float[] v = new float[size(s)];
      String name = e.getKey();
      if (s.length >= 2 && !name.equals("attnPos")) {
        int fanIn = s[s.length - 2], fanOut = s[s.length - 1];
        boolean relu = name.startsWith("expertW") || name.equals("towerW1") || name.startsWith("attnB") || name.equals("attnT");
        double std = relu ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
        for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rnd) * std);
      } else if (name.equals("attnOut") || name.equals("towerW2")) {
        int fanIn = s[s.length - 1];
        double std = Math.sqrt(1.0 / fanIn);
        for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rnd) * std);
      } else if (name.equals("attnPos")) {
        for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rnd) * 0.01);
      }
      m.put(name, v);
    }
    double a1 = -Math.log(clickRate / (1 - clickRate));
    double a2 = -Math.log(engageRate / (1 - engageRate));
    m.get("thresholds")[0] = (float) a1;
    m.get("thresholds")[1] = (float) Math.log(Math.max(1e-3, a2 - a1));
    return new MoeParameters(a, m);
  }

  /** All-zero tensors of the same layout (gradients, Adam moments). */
  public static MoeParameters zerosLike(MoeArchitecture a) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (var e : shapesOf(a).entrySet()) m.put(e.getKey(), new float[size(e.getValue())]);
    return new MoeParameters(a, m);
  }

  public MoeParameters copy() {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (var e : tensors.entrySet()) m.put(e.getKey(), e.getValue().clone());
    return new MoeParameters(arch, m);
  }

  public MoeArchitecture architecture() {
    return arch;
  }

  /** The tensors by name, in {@link #shapesOf} order; the arrays are live. */
  public Map<String, float[]> tensors() {
    return tensors;
  }

  public int[] shape(String name) {
    return shapes.get(name).clone();
  }

  /** Every tensor, in order (for optimisers that walk all of them). */
  public List<float[]> all() {
    return new ArrayList<>(tensors.values());
  }

  public long count() {
    long n = 0;
    for (float[] v : tensors.values()) n += v.length;
    return n;
  }

  /** The threshold of P(y ≥ 1). */
  public float threshold1() {
    return thresholds[0];
  }

  /** Δ = a2 − a1 > 0, the gap between the ordinal thresholds. */
  public float thresholdGap() {
    return (float) Math.exp(thresholds[1]);
  }

  /**
   * The ordinal-threshold check a loaded model must pass (GNOLR: thresholds strictly increasing and
   * finite, so P(y ≥ 2) ≤ P(y ≥ 1) and the middle level's probability is positive).
   *
   * @throws IllegalStateException naming the values when they are not
   */
  public void checkThresholds() {
    float a1 = threshold1(), gap = thresholdGap();
    if (!Float.isFinite(a1) || !Float.isFinite(gap) || !(gap > 0)) {
      throw new IllegalStateException("ordinal thresholds are not ordered: a1=" + a1 + ", a2-a1=" + gap
          + " (need finite a1 and a2 - a1 > 0)");
    }
    for (var e : tensors.entrySet()) {
      for (float v : e.getValue()) {
        if (!Float.isFinite(v)) throw new IllegalStateException("parameter " + e.getKey() + " holds a non-finite value");
      }
    }
  }

  public void write(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(arch.denseDim());
      out.writeInt(arch.embeddingDim());
      out.writeInt(arch.sequenceLength());
      out.writeInt(arch.attentionHidden());
      out.writeInt(arch.experts());
      out.writeInt(arch.expertHidden());
      out.writeInt(arch.expertOut());
      out.writeInt(arch.towerHidden());
      for (var e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (float v : e.getValue()) out.writeFloat(v);
      }
    }
  }

  /** Reads what {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static MoeParameters read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a ranking-model file (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": ranking-model format " + format + ", this build reads " + FORMAT);
      MoeArchitecture a = new MoeArchitecture(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
          in.readInt(), in.readInt(), in.readInt());
      Map<String, float[]> m = new LinkedHashMap<>();
      for (var e : shapesOf(a).entrySet()) {
        String name = in.readUTF();
        if (!name.equals(e.getKey())) throw new IOException(file + ": expected tensor " + e.getKey() + ", found " + name);
        int n = in.readInt();
        if (n != size(e.getValue())) throw new IOException(file + ": tensor " + name + " has " + n + " values, expected " + size(e.getValue()));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = in.readFloat();
        m.put(name, v);
      }
      if (in.read() != -1) throw new IOException(file + ": trailing bytes");
      return new MoeParameters(a, m);
    }
  }

  static int size(int[] shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller from the seeded generator (java.util.Random#nextGaussian is not on SplittableRandom in 17-level APIs).
    double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }
}
