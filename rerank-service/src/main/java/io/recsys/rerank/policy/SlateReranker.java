package io.recsys.rerank.policy;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Turns a ranked list into a slate: per-item click posteriors ({@link ClickPosterior}), in-slate
 * Thompson sampling (METHODS §4), a diversity step (MMR or greedy DPP) and business rules, filled slot
 * by slot, plus Monte Carlo propensities per slot.
 *
 * <p><b>Slot by slot.</b> Pinned items are placed first and count as selected (towards category caps,
 * near-duplicates and diversity). Then every free slot k, in order, takes the best eligible unselected
 * item under the diversity objective evaluated with quality vector k:
 *
 * <ul>
 *   <li>quality {@code q_i = θ_i·boost_i}, with θ_i the posterior mean when exploration is off and, when
 *       it is on, a fresh posterior sample per slot: slot k uses draw k, so each slot comes from a
 *       different draw and items already selected are skipped. That is the interleaving of METHODS §4
 *       ("rank 1 of draw 1, rank 2 of draw 2, ...", skipping duplicates) in the form that composes with
 *       a diversity objective;
 *   <li>{@code q̂ = q / max_j q_j} (the draw's highest quality over all items), so MMR's λ and DPP's θ
 *       mean the same trade-off in every request;
 *   <li>NONE: {@code q}; MMR: {@code λ·q̂_i − (1−λ)·max(0, max_{j∈slate} cos(i,j))} (anti-correlated
 *       items are not rewarded beyond unrelated ones); DPP: the log of the greedy MAP gain of kernel
 *       {@code L = diag(w)·S'·diag(w)}, {@code w_i = exp(θ/(2(1−θ))·q̂_i)} (Chen, Zhang, Zhou, "Fast
 *       greedy MAP inference for determinantal point process", NeurIPS 2018), that is
 *       {@code θ/(1−θ)·q̂_i + log d_i²}, where {@code d_i²} is the Schur complement of item i in the
 *       similarity kernel {@code S' = (1−δ)·S + δ·I} given the slate (S the cosine matrix, δ =
 *       {@link #DPP_JITTER}).
 * </ul>
 *
 * <p>Because {@code det L_Y = Π w_i² · det S'_Y}, the gain factors into quality times {@code d_i²}, and
 * {@code d_i²} depends only on which items are selected, not on their qualities. So one incremental
 * Cholesky over S' (Chen et al.'s c and d arrays, O(N·S) memory, O(N·S·(S + dim)) time) serves every
 * draw; likewise MMR keeps one running max-similarity per candidate, updated once per selected item.
 * Similarities are computed lazily, one row per selected item (O(N·S·dim)), never the N×N matrix. The
 * jitter δ keeps S' positive definite, so the greedy never divides by a zero {@code d}: without it, a
 * slate longer than the embedding's rank, or two identical embeddings, would end the DPP early.
 *
 * <p><b>Rules.</b> An item is ineligible while its category holds {@code maxPerCategory} slate items or
 * its cosine to a slate item is at least {@code nearDuplicateCosine}. When a slot has no eligible item
 * the category cap is raised one at a time (up to no cap), then near-duplicate suppression is dropped,
 * and the relaxation holds for the rest of the slate: the slate is never short unless the input is.
 *
 * <p><b>Randomness.</b> Draw k of a request with seed σ is a {@link SplittableRandom} seeded with a mix
 * of (σ, k) that samples every item in index order ({@link #drawQualities}), so a slate is a pure
 * function of (input, slate size, config, seed).
 *
 * <p><b>Propensities.</b> With exploration on and {@code propensitySamples = R > 0}, the whole sampler is
 * re-run R times with seeds derived from σ; slot k's propensity is {@code (1 + #{runs that put the shown
 * item at k}) / (1 + R)}: the shown slate counts as one more sample, which keeps it in (0, 1]; the
 * variance of an estimate is about π(1−π)/R. Cost: R more runs of the sampler. The posterior is
 * computed once, and the similarity rows of the items selected are cached for the whole call
 * ({@link #MAX_SIMILARITY_CACHE}), so a re-run costs its Beta draws and the greedy but not the dot
 * products: about half a first run. Measured on the shared 2-core VM, 500 → 20, dim 64: 0.48 ms (MMR) and
 * 0.57 ms (DPP) without propensities, 16.6 ms and 23 ms with R = 64 (README-policy-notes.md).
 *
 * <p>Thread-safety: thread-safe and stateless between calls. Each call borrows a set of scratch arrays
 * from a bounded pool (a pool, not a thread-local: request threads may be virtual, where a thread-local
 * would live for one request) and returns it, so in the steady state a call allocates only its result
 * and one small generator per draw.
 */
public final class SlateReranker {
  /** Scratch sets kept for reuse: more than the concurrent callers one node runs. */
  static final int SCRATCH_POOL_SIZE = 64;
  /**
   * δ in {@code S' = (1−δ)·S + δ·I}: the smallest eigenvalue of S' is at least δ, so every
   * {@code d_i²} stays at or above δ, while each cosine shrinks by only a factor 1 − δ. 1e-3 is far above
   * the float rounding of the cosines (~1e-7) and far below the differences the DPP is there to see.
   */
  static final double DPP_JITTER = 1e-3;
  /** Floor on {@code d²} before its square root or logarithm: guards rounding only (see DPP_JITTER). */
  private static final double MIN_D2 = 1e-12;
  /** A scratch set whose Cholesky array exceeds this many doubles (8 MB) is not kept in the pool. */
  private static final int MAX_POOLED_CHOLESKY = 1 << 20;
  /** Bound on the similarity-row cache of one call, in floats (4 MB: 2000 rows of 500 items). */
  static final int MAX_SIMILARITY_CACHE = 1 << 20;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long REPLICATE_SALT = 0xD1B54A32D192ED03L;

  private final ArrayBlockingQueue<Scratch> scratchPool = new ArrayBlockingQueue<>(SCRATCH_POOL_SIZE);

  public SlateReranker() {}

  /**
   * Re-ranks {@code in} into a slate of {@code min(slateSize, in.size())} items.
   *
   * @param slateSize the slots to fill ({@code >= 0}); also the slate length the position-bias
   *     discount assumes (see {@link ClickPosterior})
   * @param seed the request's seed: the same seed gives the same slate
   */
  public Slate rerank(SlateInput in, int slateSize, RerankConfig cfg, long seed) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(cfg, "cfg");
    if (slateSize < 0) throw new IllegalArgumentException("slateSize must be >= 0: " + slateSize);
    int n = in.size();
    int s = Math.min(slateSize, n);
    int[] items = new int[s];
    double[] propensities = new double[s];
    if (s == 0) return new Slate(items, propensities, cfg.policyName());

    Scratch sc = borrow();
    try {
      sc.prepare(n, s, in.groupCount(), cfg.diversity() == Diversity.DPP);
      sc.resetSimilarities(n);
      ClickPosterior.compute(in, slateSize, cfg, sc.alpha, sc.beta, sc.groupClicks, sc.groupExpected);
      fill(in, s, cfg, seed, sc, items);
      assert distinctAndInRange(items, n) : Arrays.toString(items);
      propensities(in, s, cfg, seed, sc, items, propensities);
    } finally {
      release(sc);
    }
    return new Slate(items, propensities, cfg.policyName());
  }

  private static void propensities(SlateInput in, int s, RerankConfig cfg, long seed, Scratch sc, int[] items,
      double[] out) {
    if (!cfg.explore()) {
      Arrays.fill(out, 0, s, 1.0); // deterministic: the slate is the policy's only outcome
      return;
    }
    int runs = cfg.propensitySamples();
    if (runs == 0) {
      Arrays.fill(out, 0, s, Double.NaN);
      for (int p = 0; p < in.pinCount(); p++) {
        if (in.pinSlot(p) < s) out[in.pinSlot(p)] = 1.0;
      }
      return;
    }
    int[] counts = sc.counts;
    int[] replica = sc.replica;
    Arrays.fill(counts, 0, s, 0);
    for (int r = 0; r < runs; r++) {
      fill(in, s, cfg, replicateSeed(seed, r), sc, replica);
      for (int k = 0; k < s; k++) {
        if (replica[k] == items[k]) counts[k]++;
      }
    }
    for (int k = 0; k < s; k++) out[k] = (counts[k] + 1.0) / (runs + 1.0);
  }

  /** One run of the sampler: fills {@code out[0..s)} with item indices in slot order. */
  private static void fill(SlateInput in, int s, RerankConfig cfg, long seed, Scratch sc, int[] out) {
    int n = in.size();
    boolean[] selected = sc.selected;
    double[] q = sc.quality;
    Arrays.fill(out, 0, s, -1);
    Arrays.fill(selected, 0, n, false);
    Arrays.fill(sc.groupCount, 0, in.groupCount(), 0);
    Arrays.fill(sc.maxSim, 0, n, 0.0);
    Diversity diversity = cfg.diversity();
    boolean dpp = diversity == Diversity.DPP;
    if (dpp) Arrays.fill(sc.d2, 0, n, 1.0);
    sc.cholRank = 0;
    boolean sims = in.embeddingDim() > 0 && (diversity != Diversity.NONE || cfg.suppressesNearDuplicates());

    for (int p = 0; p < in.pinCount(); p++) {
      int slot = in.pinSlot(p);
      if (slot >= s) continue; // beyond this slate: the item competes as usual
      int item = in.pinItem(p);
      assert !selected[item] : "item pinned twice: " + item;
      out[slot] = item;
      select(in, item, s, sims, dpp, sc);
    }

    if (!cfg.explore()) meanQualities(in, sc.alpha, sc.beta, q);
    int cap = cfg.maxPerCategory();
    boolean nearDup = sims && cfg.suppressesNearDuplicates();
    for (int k = 0; k < s; k++) {
      if (out[k] >= 0) continue;
      if (cfg.explore()) drawQualities(in, sc.alpha, sc.beta, seed, k, q);
      score(in, cfg, q, sc);
      int best = bestEligible(in, sc, cap, nearDup, cfg.nearDuplicateCosine());
      while (best < 0) {
        // Relax: the cap one step at a time (a cap of s can bind no slate of s items), then near-dups.
        if (cap != RerankConfig.NO_CATEGORY_CAP) {
          cap = cap + 1 >= s ? RerankConfig.NO_CATEGORY_CAP : cap + 1;
        } else if (nearDup) {
          nearDup = false;
        } else {
          throw new AssertionError("no unselected item for slot " + k + " of " + s + " with " + n + " items");
        }
        best = bestEligible(in, sc, cap, nearDup, cfg.nearDuplicateCosine());
      }
      out[k] = best;
      select(in, best, s, sims, dpp, sc);
    }
  }

  /** {@code sc.score[i]} for every unselected item under the diversity objective, given qualities q. */
  private static void score(SlateInput in, RerankConfig cfg, double[] q, Scratch sc) {
    int n = in.size();
    boolean[] selected = sc.selected;
    double[] score = sc.score;
    double max = 0;
    for (int i = 0; i < n; i++) max = Math.max(max, q[i]);
    // All qualities 0 (every boost 0): only the diversity terms decide.
    double inv = max > 0 ? 1.0 / max : 0.0;
    switch (cfg.diversity()) {
      case NONE -> {
        for (int i = 0; i < n; i++) {
          if (!selected[i]) score[i] = q[i];
        }
      }
      case MMR -> {
        double lambda = cfg.mmrLambda();
        double qualityWeight = lambda * inv;
        double simWeight = 1 - lambda;
        double[] maxSim = sc.maxSim;
        for (int i = 0; i < n; i++) {
          if (!selected[i]) score[i] = qualityWeight * q[i] - simWeight * maxSim[i];
        }
      }
      case DPP -> {
        double theta = cfg.dppTheta();
        // log(w_i² d_i²) with w_i = exp(θ/(2(1−θ))·q̂_i): the log form cannot overflow as θ → 1.
        double qualityWeight = theta / (1 - theta) * inv;
        double[] d2 = sc.d2;
        for (int i = 0; i < n; i++) {
          if (!selected[i]) score[i] = qualityWeight * q[i] + Math.log(Math.max(d2[i], MIN_D2));
        }
      }
    }
  }

  /**
   * The unselected item with the highest score among those the rules allow, ties to the higher ranker
   * score and then the lower index; -1 when the rules allow none.
   */
  private static int bestEligible(SlateInput in, Scratch sc, int cap, boolean nearDup, double nearDupCosine) {
    int n = in.size();
    boolean[] selected = sc.selected;
    double[] score = sc.score;
    double[] maxSim = sc.maxSim;
    int[] group = in.groups();
    int[] groupCount = sc.groupCount;
    double[] rankerScore = in.scores();
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (selected[i]) continue;
      int g = group[i];
      if (cap != RerankConfig.NO_CATEGORY_CAP && g >= 0 && groupCount[g] >= cap) continue;
      if (nearDup && maxSim[i] >= nearDupCosine) continue;
      double v = score[i];
      if (best < 0 || v > bestScore || (v == bestScore && rankerScore[i] > rankerScore[best])) {
        best = i;
        bestScore = v;
      }
    }
    return best;
  }

  /**
   * Adds item j to the slate: marks it, counts its category, and folds its similarities into the
   * running max-similarity and, for DPP, one step of the incremental Cholesky of S' (Chen et al. 2018,
   * Algorithm 1): for every unselected i, {@code e_i = (S'_ji − ⟨c_j, c_i⟩)/d_j}, {@code c_i ← [c_i, e_i]},
   * {@code d_i² ← d_i² − e_i²}.
   */
  private static void select(SlateInput in, int j, int s, boolean sims, boolean dpp, Scratch sc) {
    boolean[] selected = sc.selected;
    assert !selected[j] : "selected twice: " + j;
    selected[j] = true;
    int g = in.groups()[j];
    if (g >= 0) sc.groupCount[g]++;
    // An item without an embedding has similarity 0 to all others; its Cholesky row c_j is then 0 too,
    // so every e_i would be 0: skipping the step (and not advancing the rank) is exact.
    if (!sims || !in.hasEmbedding()[j]) return;

    int n = in.size();
    int row = similarityRow(in, j, sc); // may grow sc.sims: read the array after it
    float[] sim = sc.sims;
    double[] maxSim = sc.maxSim;
    if (!dpp) {
      for (int i = 0; i < n; i++) {
        if (selected[i]) continue;
        double v = sim[row + i];
        if (v > maxSim[i]) maxSim[i] = v;
      }
      return;
    }
    double[] c = sc.chol;
    double[] d2 = sc.d2;
    int r = sc.cholRank;
    assert r < s : "Cholesky rank " + r + " of a slate of " + s;
    double invDj = 1.0 / Math.sqrt(Math.max(d2[j], MIN_D2));
    int cj = j * s;
    double offDiagonal = 1 - DPP_JITTER;
    for (int i = 0; i < n; i++) {
      if (selected[i]) continue;
      double v = sim[row + i];
      if (v > maxSim[i]) maxSim[i] = v;
      int ci = i * s;
      double acc = 0;
      for (int t = 0; t < r; t++) acc += c[cj + t] * c[ci + t];
      double e = (offDiagonal * v - acc) * invDj;
      c[ci + r] = e;
      d2[i] -= e * e;
    }
    sc.cholRank = r + 1;
  }

  /**
   * The offset in {@code sc.sims} of item j's cosines to every item (0 for items without an
   * embedding), computed on j's first selection in this request and kept for the rest of it: the
   * propensity re-runs select mostly the same few dozen items, so they read their rows instead of
   * recomputing O(N·dim) dot products each. When the cache is full, the row goes to the spare slot at
   * its end and is not kept.
   */
  private static int similarityRow(SlateInput in, int j, Scratch sc) {
    int n = in.size();
    int cached = sc.simRowOf[j];
    if (cached >= 0) return cached * n;
    int slot = sc.simRows;
    if (slot < sc.simCapacityRows) {
      sc.simRowOf[j] = slot;
      sc.simRows = slot + 1;
    } // else: the spare slot, slot == simCapacityRows
    int row = slot * n;
    if (sc.sims.length < row + n) {
      // Grown on demand (most calls select a few dozen distinct items), keeping the rows already cached.
      int grown = Math.max(row + n, Math.min(2 * sc.sims.length, (sc.simCapacityRows + 1) * n));
      sc.sims = Arrays.copyOf(sc.sims, grown);
    }
    int dim = in.embeddingDim();
    float[] emb = in.embeddings();
    boolean[] hasEmb = in.hasEmbedding();
    float[] sim = sc.sims;
    int jo = j * dim;
    for (int i = 0; i < n; i++) sim[row + i] = hasEmb[i] ? dot(emb, jo, i * dim, dim) : 0f;
    return row;
  }

  private static float dot(float[] v, int a, int b, int dim) {
    // Four accumulators: independent additions the CPU can overlap (float sums are not reordered by the JIT).
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int d = 0;
    for (int end = dim - 3; d < end; d += 4) {
      s0 += v[a + d] * v[b + d];
      s1 += v[a + d + 1] * v[b + d + 1];
      s2 += v[a + d + 2] * v[b + d + 2];
      s3 += v[a + d + 3] * v[b + d + 3];
    }
    for (; d < dim; d++) s0 += v[a + d] * v[b + d];
    return (s0 + s1) + (s2 + s3);
  }

  private static void meanQualities(SlateInput in, double[] alpha, double[] beta, double[] out) {
    int n = in.size();
    double[] boost = in.boosts();
    for (int i = 0; i < n; i++) out[i] = ClickPosterior.mean(alpha[i], beta[i]) * boost[i];
  }

  /**
   * Draw {@code draw} of the request seeded {@code seed}: one posterior sample times boost for every
   * item, in index order, into {@code out}. Package-private so tests can replay a slate's draws.
   */
  static void drawQualities(SlateInput in, double[] alpha, double[] beta, long seed, int draw, double[] out) {
    int n = in.size();
    double[] boost = in.boosts();
    SplittableRandom rng = new SplittableRandom(drawSeed(seed, draw));
    for (int i = 0; i < n; i++) out[i] = BetaSampler.sample(rng, alpha[i], beta[i]) * boost[i];
  }

  static long drawSeed(long seed, int draw) {
    return mix64(seed + (draw + 1L) * GOLDEN_GAMMA);
  }

  /** The seed of propensity re-run r: a stream apart from the request's own draws. */
  static long replicateSeed(long seed, int run) {
    return mix64(mix64(seed ^ REPLICATE_SALT) + (run + 1L) * GOLDEN_GAMMA);
  }

  /** Stafford's variant 13 finaliser (as in SplittableRandom): decorrelates nearby seeds. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static boolean distinctAndInRange(int[] items, int n) {
    boolean[] seen = new boolean[n];
    for (int i : items) {
      if (i < 0 || i >= n || seen[i]) return false;
      seen[i] = true;
    }
    return true;
  }

  private Scratch borrow() {
    Scratch s = scratchPool.poll();
    return s != null ? s : new Scratch();
  }

  private void release(Scratch s) {
    if (s.chol.length > MAX_POOLED_CHOLESKY) return; // a rare huge slate's arrays go with the garbage collector
    // A full pool (a burst of more concurrent callers than it holds) drops the extra set.
    scratchPool.offer(s);
  }

  /** Per-call working arrays, grown on demand and reused across calls. */
  private static final class Scratch {
    double[] alpha = new double[0];
    double[] beta = new double[0];
    double[] quality = new double[0];
    double[] score = new double[0];
    double[] maxSim = new double[0];
    double[] d2 = new double[0];
    boolean[] selected = new boolean[0];
    /** Chen et al.'s c vectors, item i's at {@code [i·s, i·s + cholRank)}. */
    double[] chol = new double[0];
    int cholRank;
    int[] groupCount = new int[0];
    double[] groupClicks = new double[0];
    double[] groupExpected = new double[0];
    int[] replica = new int[0];
    int[] counts = new int[0];
    /** Cached cosine rows (see similarityRow): row r at {@code [r·n, (r+1)·n)}, plus one spare row. */
    float[] sims = new float[0];
    int[] simRowOf = new int[0];
    int simRows;
    int simCapacityRows;

    /** Forgets the previous request's similarity rows and sizes the cache for n items. */
    void resetSimilarities(int n) {
      if (simRowOf.length < n) simRowOf = new int[Math.max(n, simRowOf.length * 2)];
      Arrays.fill(simRowOf, 0, n, -1);
      simRows = 0;
      simCapacityRows = Math.max(0, Math.min(n, MAX_SIMILARITY_CACHE / n - 1));
    }

    void prepare(int n, int s, int groups, boolean dpp) {
      if (alpha.length < n) {
        int cap = Math.max(n, alpha.length * 2);
        alpha = new double[cap];
        beta = new double[cap];
        quality = new double[cap];
        score = new double[cap];
        maxSim = new double[cap];
        d2 = new double[cap];
        selected = new boolean[cap];
      }
      if (dpp && chol.length < n * s) chol = new double[Math.multiplyExact(n, s)];
      if (groupCount.length < groups) {
        int cap = Math.max(groups, groupCount.length * 2);
        groupCount = new int[cap];
        groupClicks = new double[cap];
        groupExpected = new double[cap];
      }
      if (replica.length < s) {
        replica = new int[s];
        counts = new int[s];
      }
    }
  }
}
