package io.recsys.ranking.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Forward and backward passes of the AW-MoE ranking network, exactly the equations in
 * {@link MoeArchitecture}'s class comment, with the loss {@link RankingLoss} defines.
 *
 * <p>The static methods are thread-safe for concurrent use as long as nobody writes the parameters
 * meanwhile: each thread keeps its own scratch ({@link ThreadLocal}), so scoring allocates nothing
 * after a thread's first call. {@link BatchGradient} is the trainer's engine: one instance per trainer,
 * used from one coordinating thread; it runs its own workers.
 */
public final class MoeNetwork {
  /**
   * Candidates per slice of a batch. Slices are the unit of work and of gradient summation: each slice
   * writes its own gradient buffer and the buffers are summed in slice order, so a batch's gradient is
   * bit-identical whatever the number of threads and however they are scheduled.
   */
  public static final int SLICE = 64;

  private static final ThreadLocal<MoeKernel> KERNELS = new ThreadLocal<>();

  private MoeNetwork() {}

  /**
   * Scores n candidates of one user (the serving and parity path).
   *
   * @param behaviours the user's L behaviour embeddings [L*E], newest first, zeros where padded
   * @param mask [L], 1 for a real behaviour, 0 for padding
   * @param dense [n*D]
   * @param target [n*E]
   * @param clickOut receives P(y≥1) per candidate
   * @param engageOut receives P(y≥2) per candidate (never above clickOut)
   */
  public static void score(MoeParameters p, float[] behaviours, float[] mask, float[] dense, float[] target, int n,
      float[] clickOut, float[] engageOut) {
    run(p, behaviours, mask, dense, target, n, clickOut, engageOut, true);
  }

  /** As {@link #score}, writing the logits l1 and l2 (P(y≥k) = σ(l_k)) instead of probabilities. */
  public static void scoreLogits(MoeParameters p, float[] behaviours, float[] mask, float[] dense, float[] target, int n,
      float[] l1Out, float[] l2Out) {
    run(p, behaviours, mask, dense, target, n, l1Out, l2Out, false);
  }

  private static void run(MoeParameters p, float[] behaviours, float[] mask, float[] dense, float[] target, int n,
      float[] out1, float[] out2, boolean probabilities) {
    MoeArchitecture a = p.architecture();
    int l = a.sequenceLength(), e = a.embeddingDim(), d = a.denseDim();
    requireLength("behaviours", behaviours.length, (long) l * e);
    requireLength("mask", mask.length, l);
    if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
    requireAtLeast("dense", dense.length, (long) n * d);
    requireAtLeast("target", target.length, (long) n * e);
    requireAtLeast("first output", out1.length, n);
    requireAtLeast("second output", out2.length, n);
    MoeKernel kn = kernel(a);
    MoeGateState st = kn.single;
    for (int c = 0; c < n; c++) {
      kn.gateForward(p, behaviours, 0, mask, 0, target, c * e, st, 0);
      kn.headForward(p, dense, c * d, target, c * e, st, 0);
      if (probabilities) {
        out1[c] = (float) RankingLoss.sigmoid(kn.l1);
        // σ(l2) ≤ σ(l1) holds in exact arithmetic; min() keeps it under float rounding too.
        out2[c] = Math.min(out1[c], (float) RankingLoss.sigmoid((double) kn.l1 - kn.delta));
      } else {
        out1[c] = kn.l1;
        out2[c] = kn.l1 - kn.delta;
      }
    }
  }

  /**
   * The batch loss ({@link RankingLoss}) of {@code candidates[from, to)} of {@code ex} and its gradient,
   * added into {@code grad} (a {@link MoeParameters#zerosLike} holder); single-threaded.
   *
   * @param maskSeed seeds the contrastive path's behaviour drops (per query); unused when it is off
   * @return the loss: weighted-mean ordinal loss + load balance + contrastive term
   */
  public static double lossAndGradient(MoeParameters p, RankingExamples ex, int[] candidates, int from, int to,
      RankingLoss loss, long maskSeed, MoeParameters grad) {
    try (BatchGradient b = new BatchGradient(p.architecture(), 1)) {
      return b.compute(p, ex, candidates, from, to, loss, maskSeed, grad);
    }
  }

  /**
   * The weighted-mean ordinal loss (no load balance, no contrastive term) of {@code candidates[from, to)},
   * single-threaded; the optional outputs receive P(y≥1) and P(y≥2) by position.
   */
  public static double predictionLoss(MoeParameters p, RankingExamples ex, int[] candidates, int from, int to,
      float[] clickOut, float[] engageOut) {
    try (BatchGradient b = new BatchGradient(p.architecture(), 1)) {
      return b.evaluate(p, ex, candidates, from, to, clickOut, engageOut);
    }
  }

  static MoeKernel kernel(MoeArchitecture a) {
    MoeKernel kn = KERNELS.get();
    if (kn == null || !kn.arch.equals(a)) {
      kn = new MoeKernel(a);
      KERNELS.set(kn);
    }
    return kn;
  }

  static void checkExamples(MoeArchitecture a, RankingExamples ex) {
    if (ex.denseDim() != a.denseDim() || ex.embeddingDim() != a.embeddingDim() || ex.sequenceLength() != a.sequenceLength()) {
      throw new IllegalArgumentException("examples have D=" + ex.denseDim() + ", E=" + ex.embeddingDim() + ", L="
          + ex.sequenceLength() + " but the architecture has D=" + a.denseDim() + ", E=" + a.embeddingDim() + ", L="
          + a.sequenceLength());
    }
  }

  private static void requireLength(String name, int got, long expected) {
    if (got != expected) throw new IllegalArgumentException(name + " has " + got + " values, expected " + expected);
  }

  private static void requireAtLeast(String name, int got, long expected) {
    if (got < expected) throw new IllegalArgumentException(name + " has " + got + " values, needs at least " + expected);
  }

  /**
   * Batch gradients and evaluation over worker threads, deterministic by construction: the batch is cut
   * into fixed {@link #SLICE}-candidate slices, each slice accumulates into its own buffer, and the
   * coordinator sums buffers and partial losses in slice order. The batch-coupled terms (load balance,
   * contrastive) need every candidate's gate output first, so a coupled batch runs in two passes: the
   * gate path of all candidates (kept per candidate), then the coupling terms on the coordinating thread,
   * then heads and backward.
   *
   * <p>Not thread-safe: one coordinating thread calls it; {@link #close} stops the workers.
   */
  public static final class BatchGradient implements AutoCloseable {
    private final MoeArchitecture arch;
    private final int threads;
    private final ExecutorService pool;
    private final MoeKernel[] kernels;
    private final List<MoeParameters> sliceGrads = new ArrayList<>();
    private double[] sliceLoss = new double[0];
    private MoeGateState state;
    private double[] coupling = new double[0]; // contrastive scratch: normalised R and R' per candidate

    public BatchGradient(MoeArchitecture arch, int threads) {
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
      this.arch = arch;
      this.threads = threads;
      this.kernels = new MoeKernel[threads];
      for (int i = 0; i < threads; i++) kernels[i] = new MoeKernel(arch);
      this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "moe-batch");
        t.setDaemon(true);
        return t;
      });
    }

    public int threads() {
      return threads;
    }

    /** As {@link MoeNetwork#lossAndGradient}, on this engine's workers. */
    public double compute(MoeParameters p, RankingExamples ex, int[] candidates, int from, int to, RankingLoss loss,
        long maskSeed, MoeParameters grad) {
      checkExamples(arch, ex);
      if (!p.architecture().equals(arch) || !grad.architecture().equals(arch)) {
        throw new IllegalArgumentException("parameters and gradient must have the engine's architecture " + arch);
      }
      int n = to - from;
      if (from < 0 || to > candidates.length || n < 1) {
        throw new IllegalArgumentException("candidate range [" + from + ", " + to + ") of " + candidates.length);
      }
      int slices = (n + SLICE - 1) / SLICE;
      ensure(slices, loss.coupled() ? n : 0);
      double totalWeight = 0;
      for (int c = from; c < to; c++) totalWeight += ex.weight()[candidates[c]];
      final double tw = totalWeight;
      final boolean coupled = loss.coupled();
      final boolean contrastive = loss.contrastive() && loss.lambdaContrastive() > 0;
      double extra = 0;
      if (coupled) {
        parallel(slices, (kn, s) -> gateSlice(kn, p, ex, candidates, from, to, s, contrastive, loss, maskSeed));
        extra = couple(n, loss, contrastive);
      }
      parallel(slices, (kn, s) -> headSlice(kn, p, ex, candidates, from, to, s, tw, coupled, contrastive));
      double sum = 0;
      for (int s = 0; s < slices; s++) {
        sum += sliceLoss[s];
        addInto(grad, sliceGrads.get(s));
      }
      return sum / tw + extra;
    }

    /**
     * Weighted-mean ordinal loss of {@code candidates[from, to)} on this engine's workers; the optional
     * outputs (null to skip) receive P(y≥1), P(y≥2) by position {@code c − from}.
     */
    public double evaluate(MoeParameters p, RankingExamples ex, int[] candidates, int from, int to, float[] clickOut,
        float[] engageOut) {
      checkExamples(arch, ex);
      int n = to - from;
      if (from < 0 || to > candidates.length || n < 1) {
        throw new IllegalArgumentException("candidate range [" + from + ", " + to + ") of " + candidates.length);
      }
      int slices = (n + SLICE - 1) / SLICE;
      if (sliceLoss.length < slices) sliceLoss = new double[slices];
      double[] weights = new double[slices];
      parallel(slices, (kn, s) -> {
        int lo = from + s * SLICE, hi = Math.min(to, lo + SLICE);
        double sum = 0, w = 0;
        int l = arch.sequenceLength(), e = arch.embeddingDim(), d = arch.denseDim();
        for (int c = lo; c < hi; c++) {
          int idx = candidates[c], q = ex.query()[idx];
          kn.gateForward(p, ex.behaviours(), q * l * e, ex.behaviourMask(), q * l, ex.target(), idx * e, kn.single, 0);
          kn.headForward(p, ex.dense(), idx * d, ex.target(), idx * e, kn.single, 0);
          float wi = ex.weight()[idx];
          sum += wi * RankingLoss.ordinal(kn.l1, kn.delta, ex.click()[idx], ex.engage()[idx], kn.lossGrad);
          w += wi;
          if (clickOut != null) clickOut[c - from] = (float) RankingLoss.sigmoid(kn.l1);
          if (engageOut != null) {
            engageOut[c - from] = Math.min((float) RankingLoss.sigmoid(kn.l1),
                (float) RankingLoss.sigmoid((double) kn.l1 - kn.delta));
          }
        }
        sliceLoss[s] = sum;
        weights[s] = w;
      });
      double sum = 0, w = 0;
      for (int s = 0; s < slices; s++) {
        sum += sliceLoss[s];
        w += weights[s];
      }
      return sum / w;
    }

    private void gateSlice(MoeKernel kn, MoeParameters p, RankingExamples ex, int[] candidates, int from, int to, int s,
        boolean contrastive, RankingLoss loss, long maskSeed) {
      int lo = from + s * SLICE, hi = Math.min(to, lo + SLICE);
      int l = arch.sequenceLength(), e = arch.embeddingDim();
      float[] mask = ex.behaviourMask();
      for (int c = lo; c < hi; c++) {
        int idx = candidates[c], q = ex.query()[idx], row = c - from;
        kn.gateForward(p, ex.behaviours(), q * l * e, mask, q * l, ex.target(), idx * e, state, row);
        if (contrastive) {
          RankingLoss.dropBehaviours(maskSeed, q, mask, q * l, l, loss.maskRate(), kn.droppedMask);
          boolean history = false;
          for (int j = 0; j < l; j++) history |= mask[q * l + j] > 0;
          kn.maskedForward(kn.droppedMask, state, row, history);
        }
      }
    }

    private void headSlice(MoeKernel kn, MoeParameters p, RankingExamples ex, int[] candidates, int from, int to, int s,
        double totalWeight, boolean coupled, boolean contrastive) {
      MoeParameters g = sliceGrads.get(s);
      for (float[] t : g.all()) java.util.Arrays.fill(t, 0f);
      int lo = from + s * SLICE, hi = Math.min(to, lo + SLICE);
      int l = arch.sequenceLength(), e = arch.embeddingDim(), d = arch.denseDim();
      double sum = 0;
      for (int c = lo; c < hi; c++) {
        int idx = candidates[c], q = ex.query()[idx], row = c - from;
        int bOff = q * l * e, tOff = idx * e;
        // Uncoupled batches run the whole candidate at once and need no per-candidate gate storage.
        MoeGateState st = coupled ? state : kn.single;
        if (!coupled) {
          row = 0;
          kn.gateForward(p, ex.behaviours(), bOff, ex.behaviourMask(), q * l, ex.target(), tOff, st, row);
        }
        kn.headForward(p, ex.dense(), idx * d, ex.target(), tOff, st, row);
        float w = ex.weight()[idx];
        sum += w * RankingLoss.ordinal(kn.l1, kn.delta, ex.click()[idx], ex.engage()[idx], kn.lossGrad);
        double scale = w / totalWeight;
        kn.backward(p, g, ex.behaviours(), bOff, ex.target(), tOff, st, row, (float) (scale * kn.lossGrad[0]),
            (float) (scale * kn.lossGrad[1]), coupled, contrastive);
      }
      sliceLoss[s] = sum;
    }

    /** The batch-coupled terms: their loss, and their gradients with respect to G_n, R_n, R'_n into the state. */
    private double couple(int n, RankingLoss loss, boolean contrastive) {
      int k = arch.experts();
      MoeGateState st = state;
      java.util.Arrays.fill(st.gGate, 0, n * k, 0f);
      java.util.Arrays.fill(st.gPooled, 0, n * k, 0f);
      java.util.Arrays.fill(st.gPooledMasked, 0, n * k, 0f);
      double total = 0;
      double lambda = loss.lambdaLoadBalance();
      if (lambda > 0) {
        // λ·K·Σ_k Ḡ_k², Ḡ the unweighted batch mean of the gate outputs.
        for (int q = 0; q < k; q++) {
          double mean = 0;
          for (int c = 0; c < n; c++) mean += st.gate[c * k + q];
          mean /= n;
          total += lambda * k * mean * mean;
          float g = (float) (2 * lambda * k * mean / n);
          for (int c = 0; c < n; c++) st.gGate[c * k + q] = g;
        }
      }
      if (contrastive) total += infoNce(n, k, loss);
      return total;
    }

    /** InfoNCE over the batch between normalised R_i and R'_b; gradients into gPooled and gPooledMasked. */
    private double infoNce(int n, int k, RankingLoss loss) {
      MoeGateState st = state;
      if (coupling.length < 4 * n * k + 2 * n) coupling = new double[4 * n * k + 2 * n];
      double[] buf = coupling;
      int uh = 0, vh = n * k, gu = 2 * n * k, gv = 3 * n * k, nu = 4 * n * k, nv = nu + n;
      java.util.Arrays.fill(buf, gu, gv + n * k, 0);
      for (int c = 0; c < n; c++) {
        double su = RankingLoss.NORM_EPSILON, sv = RankingLoss.NORM_EPSILON;
        for (int q = 0; q < k; q++) {
          su += (double) st.pooled[c * k + q] * st.pooled[c * k + q];
          sv += (double) st.pooledMasked[c * k + q] * st.pooledMasked[c * k + q];
        }
        buf[nu + c] = Math.sqrt(su);
        buf[nv + c] = Math.sqrt(sv);
        for (int q = 0; q < k; q++) {
          buf[uh + c * k + q] = st.pooled[c * k + q] / buf[nu + c];
          buf[vh + c * k + q] = st.pooledMasked[c * k + q] / buf[nv + c];
        }
      }
      double tau = loss.temperature(), scale = loss.lambdaContrastive() / n, total = 0;
      double[] row = new double[n];
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < n; b++) {
          double cos = 0;
          for (int q = 0; q < k; q++) cos += buf[uh + i * k + q] * buf[vh + b * k + q];
          row[b] = cos / tau;
          if (row[b] > max) max = row[b];
        }
        double z = 0, own = row[i];
        for (int b = 0; b < n; b++) {
          row[b] = Math.exp(row[b] - max); // one exp per pair: the softmax reuses it
          z += row[b];
        }
        total += max + Math.log(z) - own;
        for (int b = 0; b < n; b++) {
          double coef = scale * (row[b] / z - (b == i ? 1 : 0)) / tau; // dL/dcos_ib
          if (coef == 0) continue;
          for (int q = 0; q < k; q++) {
            buf[gu + i * k + q] += coef * buf[vh + b * k + q];
            buf[gv + b * k + q] += coef * buf[uh + i * k + q];
          }
        }
      }
      // Through the normalisation x̂ = x/|x|: g_x = (g_x̂ − x̂ (x̂·g_x̂)) / |x|.
      for (int c = 0; c < n; c++) {
        double du = 0, dv = 0;
        for (int q = 0; q < k; q++) {
          du += buf[uh + c * k + q] * buf[gu + c * k + q];
          dv += buf[vh + c * k + q] * buf[gv + c * k + q];
        }
        for (int q = 0; q < k; q++) {
          st.gPooled[c * k + q] = (float) ((buf[gu + c * k + q] - buf[uh + c * k + q] * du) / buf[nu + c]);
          st.gPooledMasked[c * k + q] = (float) ((buf[gv + c * k + q] - buf[vh + c * k + q] * dv) / buf[nv + c]);
        }
      }
      return scale * total;
    }

    private void ensure(int slices, int n) {
      while (sliceGrads.size() < slices) sliceGrads.add(MoeParameters.zerosLike(arch));
      if (sliceLoss.length < slices) sliceLoss = new double[slices];
      if (n > 0 && (state == null || state.capacity < n)) state = new MoeGateState(arch, n);
    }

    private static void addInto(MoeParameters grad, MoeParameters part) {
      List<float[]> dst = grad.all(), src = part.all();
      for (int t = 0; t < dst.size(); t++) {
        float[] a = dst.get(t), b = src.get(t);
        for (int i = 0; i < a.length; i++) a[i] += b[i];
      }
    }

    @FunctionalInterface
    private interface SliceTask {
      void run(MoeKernel kernel, int slice);
    }

    /** Runs every slice; worker w takes slices w, w + threads, … with its own kernel. */
    private void parallel(int slices, SliceTask task) {
      int workers = Math.min(threads, slices);
      if (workers == 1) {
        for (int s = 0; s < slices; s++) task.run(kernels[0], s);
        return;
      }
      List<Future<?>> futures = new ArrayList<>(workers - 1);
      for (int w = 1; w < workers; w++) {
        final int wk = w;
        futures.add(pool.submit(() -> {
          for (int s = wk; s < slices; s += workers) task.run(kernels[wk], s);
        }));
      }
      for (int s = 0; s < slices; s += workers) task.run(kernels[0], s);
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for batch workers", ex);
        } catch (ExecutionException ex) {
          throw new IllegalStateException("a batch worker failed", ex.getCause());
        }
      }
    }

    @Override
    public void close() {
      if (pool != null) pool.shutdownNow();
    }
  }
}
