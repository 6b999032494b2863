package io.recsys.ranking.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.recsys.ranking.model.MoeArchitecture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores the candidates of one user with an exported ranking model ({@link OnnxExport}) in ONNX Runtime:
 * one {@code session.run} per call, whatever the number of candidates.
 *
 * <p>Thread-safety: thread-safe. One {@link OrtSession} is created at load and shared by every caller
 * (ONNX Runtime allows concurrent {@code run} calls on one session). Each call borrows a scratch set of
 * direct buffers from a bounded pool, so in the steady state no native buffer is allocated: ONNX Runtime
 * reads the inputs from, and writes the outputs into, those buffers without copying. A pool rather than
 * a thread-local, because request threads may be virtual (a thread-local would be per request) and a
 * swapped-out scorer's buffers should go away with it.
 *
 * <p>Lifetime (hot swap): the scorer is reference-counted. Its creator holds one reference, which
 * {@link #close()} gives up; every {@link #score} call holds one while it runs, and {@link #tryRetain()}
 * / {@link #release()} let a caller hold one across calls. The session is freed when the count reaches
 * zero, so a swapper may close the old scorer while calls are in flight: it is freed after the last of
 * them returns. A caller that reads a scorer from a shared reference should {@code tryRetain()} it and,
 * on {@code false} (already freed), read the reference again.
 */
public final class OnnxScorer implements AutoCloseable {
  /** Scratch sets kept for reuse: more than the concurrent callers a ranking node runs. */
  static final int SCRATCH_POOL_SIZE = 64;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final MoeArchitecture arch;
  private final OnnxScorerConfig config;
  private final String modelVersion;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private final ArrayBlockingQueue<Scratch> scratchPool = new ArrayBlockingQueue<>(SCRATCH_POOL_SIZE);

  private OnnxScorer(OrtEnvironment env, OrtSession session, MoeArchitecture arch, OnnxScorerConfig config)
      throws OrtException {
    this.env = env;
    this.session = session;
    this.arch = arch;
    this.config = config;
    this.modelVersion = session.getMetadata().getCustomMetadataValue(OnnxExport.META_MODEL_VERSION).orElse("unknown");
  }

  /**
   * Loads a model from its bytes.
   *
   * @param expected the architecture the caller will feed; a model of another shape is refused
   * @throws IllegalArgumentException naming the input or output whose name, type or shape does not match
   */
  public static OnnxScorer load(byte[] model, MoeArchitecture expected, OnnxScorerConfig config) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = options(config)) {
      return checked(env, env.createSession(model, options), expected, config);
    }
  }

  /** Loads a model from a file (see {@link #load(byte[], MoeArchitecture, OnnxScorerConfig)}). */
  public static OnnxScorer load(Path file, MoeArchitecture expected, OnnxScorerConfig config) throws OrtException, IOException {
    if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = options(config)) {
      return checked(env, env.createSession(file.toString(), options), expected, config);
    }
  }

  private static OrtSession.SessionOptions options(OnnxScorerConfig config) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    try {
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setIntraOpNumThreads(config.intraOpThreads());
      // The graph is a chain: there is nothing for a second inter-op thread to run in parallel.
      o.setInterOpNumThreads(1);
      o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      o.addConfigEntry("session.intra_op.allow_spinning", config.allowSpinning() ? "1" : "0");
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }

  private static OnnxScorer checked(OrtEnvironment env, OrtSession session, MoeArchitecture a, OnnxScorerConfig config)
      throws OrtException {
    try {
      String arch = " (the scorer expects " + OnnxExport.describe(a) + ")";
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (inputs.size() != 4) {
        throw new IllegalArgumentException("model has inputs " + inputs.keySet() + ", expected dense, target, behaviours, mask" + arch);
      }
      checkTensor(inputs, "input", OnnxExport.DENSE, arch, -1, a.denseDim());
      checkTensor(inputs, "input", OnnxExport.TARGET, arch, -1, a.embeddingDim());
      checkTensor(inputs, "input", OnnxExport.BEHAVIOURS, arch, 1, a.sequenceLength(), a.embeddingDim());
      checkTensor(inputs, "input", OnnxExport.MASK, arch, 1, a.sequenceLength());
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      checkTensor(outputs, "output", OnnxExport.CLICK, arch, -1);
      checkTensor(outputs, "output", OnnxExport.ENGAGE, arch, -1);
      // The hidden sizes do not show at the inputs; the exporter records them, so check those too.
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      checkMeta(meta, "attentionHidden", a.attentionHidden(), arch);
      checkMeta(meta, "experts", a.experts(), arch);
      checkMeta(meta, "expertHidden", a.expertHidden(), arch);
      checkMeta(meta, "expertOut", a.expertOut(), arch);
      checkMeta(meta, "towerHidden", a.towerHidden(), arch);
      return new OnnxScorer(env, session, a, config);
    } catch (OrtException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private static void checkTensor(Map<String, NodeInfo> infos, String kind, String name, String arch, long... dims) {
    NodeInfo info = infos.get(name);
    if (info == null) throw new IllegalArgumentException("model has no " + kind + " '" + name + "'; it has " + infos.keySet() + arch);
    if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
      throw new IllegalArgumentException("model " + kind + " '" + name + "' is " + info.getInfo() + ", expected a float tensor" + arch);
    }
    if (!Arrays.equals(t.getShape(), dims)) {
      throw new IllegalArgumentException("model " + kind + " '" + name + "' has shape " + Arrays.toString(t.getShape())
          + ", expected " + Arrays.toString(dims) + " (-1: the candidates)" + arch);
    }
  }

  private static void checkMeta(Map<String, String> meta, String key, int expected, String arch) {
    String v = meta.get(key);
    if (v != null && !v.equals(Integer.toString(expected))) {
      throw new IllegalArgumentException("model metadata says " + key + "=" + v + ", expected " + expected + arch);
    }
  }

  public MoeArchitecture architecture() {
    return arch;
  }

  public OnnxScorerConfig config() {
    return config;
  }

  /** The model version recorded in the model's metadata at export ("unknown" when absent). */
  public String modelVersion() {
    return modelVersion;
  }

  /**
   * Scores {@code n} candidates of one user in one ONNX Runtime call.
   *
   * @param behaviours the user's L behaviour embeddings, newest first, zeros where padded: [L*E]
   * @param mask 1 for a real behaviour, 0 for padding: [L] (all 0 for a user with no history)
   * @param dense per candidate, standardised dense features: [n*D] (longer arrays: the first n*D are read)
   * @param target per candidate, its item embedding: [n*E]
   * @param n candidates, ≥ 0 (0 does nothing)
   * @param clickOut receives P(y ≥ 1) in its first n entries
   * @param engageOut receives P(y ≥ 2) in its first n entries
   * @throws IllegalStateException when the scorer has been freed, or ONNX Runtime fails
   */
  public void score(float[] behaviours, float[] mask, float[] dense, float[] target, int n, float[] clickOut,
      float[] engageOut) {
    int d = arch.denseDim(), e = arch.embeddingDim(), l = arch.sequenceLength();
    if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
    checkLength("behaviours", behaviours, (long) l * e);
    checkLength("mask", mask, l);
    checkLength("dense", dense, (long) n * d);
    checkLength("target", target, (long) n * e);
    checkLength("clickOut", clickOut, n);
    checkLength("engageOut", engageOut, n);
    if (n == 0) return;
    if (!tryRetain()) throw new IllegalStateException("scorer of model " + modelVersion + " is closed");
    Scratch s = null;
    try {
      s = borrow(n);
      s.behaviours.clear();
      s.behaviours.put(behaviours, 0, l * e).flip();
      s.mask.clear();
      s.mask.put(mask, 0, l).flip();
      s.dense.clear();
      s.dense.put(dense, 0, n * d).flip();
      s.target.clear();
      s.target.put(target, 0, n * e).flip();
      s.click.clear().limit(n);
      s.engage.clear().limit(n);
      run(s, n);
      s.click.get(0, clickOut, 0, n);
      s.engage.get(0, engageOut, 0, n);
    } catch (OrtException ex) {
      throw new IllegalStateException("ONNX Runtime failed to score " + n + " candidates with model " + modelVersion, ex);
    } finally {
      if (s != null) giveBack(s);
      release();
    }
  }

  private void run(Scratch s, int n) throws OrtException {
    OnnxTensor behavioursT = null, maskT = null, denseT = null, targetT = null, clickT = null, engageT = null;
    try {
      // Tensors over the scratch's direct buffers: ONNX Runtime uses that memory as is.
      behavioursT = OnnxTensor.createTensor(env, s.behaviours, s.behavioursShape);
      maskT = OnnxTensor.createTensor(env, s.mask, s.maskShape);
      denseT = OnnxTensor.createTensor(env, s.dense, new long[] {n, arch.denseDim()});
      targetT = OnnxTensor.createTensor(env, s.target, new long[] {n, arch.embeddingDim()});
      long[] outShape = {n};
      clickT = OnnxTensor.createTensor(env, s.click, outShape);
      engageT = OnnxTensor.createTensor(env, s.engage, outShape);
      // Pinned outputs: ONNX Runtime writes the probabilities straight into the scratch buffers, and
      // computes only what they need (the logits are on the way, so nothing is skipped or added).
      OrtSession.Result result = session.run(
          Map.of(OnnxExport.BEHAVIOURS, behavioursT, OnnxExport.MASK, maskT, OnnxExport.DENSE, denseT, OnnxExport.TARGET, targetT),
          Map.of(OnnxExport.CLICK, clickT, OnnxExport.ENGAGE, engageT));
      result.close(); // owns nothing of ours: the pinned outputs stay open until closed below
    } finally {
      closeQuietly(behavioursT);
      closeQuietly(maskT);
      closeQuietly(denseT);
      closeQuietly(targetT);
      closeQuietly(clickT);
      closeQuietly(engageT);
    }
  }

  /**
   * Takes a reference: the session stays open until it is {@link #release() released}, even if the scorer
   * is closed meanwhile.
   *
   * @return false when the scorer has already been freed (read the current scorer again)
   */
  public boolean tryRetain() {
    for (;;) {
      int r = refs.get();
      if (r == 0) return false;
      if (refs.compareAndSet(r, r + 1)) return true;
    }
  }

  /** Gives back a reference taken by {@link #tryRetain()}; the last one frees the session. */
  public void release() {
    int r = refs.decrementAndGet();
    if (r < 0) {
      refs.incrementAndGet();
      throw new IllegalStateException("scorer of model " + modelVersion + " released more often than retained");
    }
    if (r == 0) free();
  }

  /** True once the session has been freed (closed, and no call or retain left). */
  public boolean isFreed() {
    return refs.get() == 0;
  }

  /**
   * Gives up the creator's reference; the session is freed now, or when the last in-flight call or
   * retain ends. Idempotent.
   */
  @Override
  public void close() {
    if (closeRequested.compareAndSet(false, true)) release();
  }

  private void free() {
    scratchPool.clear(); // the direct buffers go with the garbage collector
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session of model " + modelVersion + " failed", e);
    }
  }

  private Scratch borrow(int n) {
    Scratch s = scratchPool.poll();
    if (s == null) s = new Scratch(arch);
    s.ensureCandidates(n, arch);
    return s;
  }

  private void giveBack(Scratch s) {
    // A full pool (a burst of more concurrent callers than it holds) drops the extra set.
    scratchPool.offer(s);
  }

  private static void checkLength(String name, float[] a, long needed) {
    if (a == null) throw new IllegalArgumentException(name + " is null");
    if (a.length < needed) throw new IllegalArgumentException(name + " has " + a.length + " values, needs at least " + needed);
  }

  private static void closeQuietly(OnnxTensor t) {
    if (t != null) t.close();
  }

  /** One caller's direct buffers; the per-candidate ones grow to the largest request seen. */
  private static final class Scratch {
    final FloatBuffer behaviours, mask;
    final long[] behavioursShape, maskShape;
    FloatBuffer dense, target, click, engage;
    int capacity;

    Scratch(MoeArchitecture a) {
      behaviours = direct(a.sequenceLength() * a.embeddingDim());
      mask = direct(a.sequenceLength());
      behavioursShape = new long[] {1, a.sequenceLength(), a.embeddingDim()};
      maskShape = new long[] {1, a.sequenceLength()};
    }

    void ensureCandidates(int n, MoeArchitecture a) {
      if (n <= capacity) return;
      // Doubling keeps a slowly growing request size from reallocating on every call.
      int c = Math.max(n, Math.min(Integer.MAX_VALUE / 2, capacity * 2));
      dense = direct(Math.multiplyExact(c, a.denseDim()));
      target = direct(Math.multiplyExact(c, a.embeddingDim()));
      click = direct(c);
      engage = direct(c);
      capacity = c;
    }

    private static FloatBuffer direct(int floats) {
      return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
  }
}
