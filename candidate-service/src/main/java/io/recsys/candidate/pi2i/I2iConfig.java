package io.recsys.candidate.pi2i;

import java.util.Objects;

/**
 * How the item-to-item lists of {@link ItemToItemIndex} are built. Immutable, thread-safe; every
 * setting is checked here, with a message naming it.
 *
 * <p>Formulas, over each user's capped history {@code I_u} (the newest {@code maxItemsPerUser}
 * distinct items) and {@code U_i}, the users whose capped history holds item {@code i}:
 * <ul>
 *   <li>{@link I2iMethod#SWING}: {@code s(i,j) = sum over unordered user pairs {u,v} in U_i ∩ U_j of
 *       w_u * w_v / (alpha + |I_u ∩ I_v|)}, with {@code w_u = 1 / sqrt(|I_u|)}. A pair of users that
 *       shares i and j and little else is strong evidence that i and j belong together; the user
 *       weight keeps heavy users (who co-engage everything) from dominating. Pairs shared by a single
 *       user score 0 and are not listed.
 *   <li>{@link I2iMethod#COOCCURRENCE}: {@code s(i,j) = c(i,j) / sqrt(|U_i| * |U_j|)} where
 *       {@code c(i,j)} counts users whose capped history holds both items within
 *       {@code cooccurrenceWindow} positions of each other (0 = anywhere in the capped history).
 * </ul>
 * Each list keeps the {@code listLength} best neighbours (score descending, then co-engagement count
 * descending, then row ascending), no self-loops. The count stored with each neighbour is
 * {@code |U_i ∩ U_j|} for Swing and {@code c(i,j)} for co-occurrence.
 *
 * @param method the similarity; default {@link #DEFAULT_METHOD}
 * @param listLength the relaxed list length N kept per trigger; default {@value #DEFAULT_LIST_LENGTH}, the
 *     knee of the HitRate@N sweep on MovieLens 100K (leave-last-out, 10 triggers, Swing, N in
 *     10..800): the smallest N within {@value HitRateSweep#DEFAULT_TOLERANCE} of the best HitRate
 *     (0.934 at 400 against 0.978 at 800, with 59% of the entries). Relaxed on purpose: the
 *     personalised scorer re-ranks, so recall at this stage is what counts (METHODS §2); end to end,
 *     the scorer's HR@200 there is within 0.006 of N = 800's
 * @param swingAlpha the Swing smoothing {@code alpha} (> 0); default {@value #DEFAULT_SWING_ALPHA}
 * @param maxItemsPerUser cap on each user's history, newest items kept: Swing costs
 *     {@code sum_i |U_i|^2 * |I_u|} and co-occurrence {@code sum_u |I_u|^2}, so heavy users would
 *     dominate the build time (and add little signal); default {@value #DEFAULT_MAX_ITEMS_PER_USER}
 * @param threads build threads (>= 1); default: the number of processors. The result does not depend on it
 * @param cooccurrenceWindow co-occurrence only: the largest position distance that counts
 *     (0 = the whole capped history); default {@value #DEFAULT_COOCCURRENCE_WINDOW}: on MovieLens 100K
 *     a window of 10-20 lifts HitRate@50 from 0.65 (whole capped history) to 0.70, as engagements close in
 *     time are more related than engagements months apart
 */
public record I2iConfig(I2iMethod method, int listLength, double swingAlpha, int maxItemsPerUser, int threads,
    int cooccurrenceWindow) {
  public static final I2iMethod DEFAULT_METHOD = I2iMethod.SWING;
  public static final int DEFAULT_LIST_LENGTH = 400;
  public static final double DEFAULT_SWING_ALPHA = 1.0;
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 200;
  public static final int DEFAULT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  public static final int DEFAULT_COOCCURRENCE_WINDOW = 20;
  /** Longer lists are a mistake, not a relaxed truncation: a list this long is most of a catalogue. */
  public static final int MAX_LIST_LENGTH = 100_000;

  public I2iConfig {
    Objects.requireNonNull(method, "method must be set (swing or cooccurrence)");
    if (listLength < 1 || listLength > MAX_LIST_LENGTH) {
      throw new IllegalArgumentException("listLength must be in [1, " + MAX_LIST_LENGTH + "]: " + listLength);
    }
    if (!(swingAlpha > 0) || Double.isInfinite(swingAlpha)) {
      throw new IllegalArgumentException("swingAlpha must be a positive finite number: " + swingAlpha);
    }
    if (maxItemsPerUser < 2) {
      throw new IllegalArgumentException("maxItemsPerUser must be >= 2 (a pair needs two items): " + maxItemsPerUser);
    }
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    if (cooccurrenceWindow < 0) {
      throw new IllegalArgumentException("cooccurrenceWindow must be >= 0 (0 = whole history): " + cooccurrenceWindow);
    }
  }

  /** The five settings of the original contract; the co-occurrence window takes its default. */
  public I2iConfig(I2iMethod method, int listLength, double swingAlpha, int maxItemsPerUser, int threads) {
    this(method, listLength, swingAlpha, maxItemsPerUser, threads, DEFAULT_COOCCURRENCE_WINDOW);
  }

  public static I2iConfig defaults() {
    return new I2iConfig(DEFAULT_METHOD, DEFAULT_LIST_LENGTH, DEFAULT_SWING_ALPHA, DEFAULT_MAX_ITEMS_PER_USER,
        DEFAULT_THREADS, DEFAULT_COOCCURRENCE_WINDOW);
  }

  public I2iConfig withMethod(I2iMethod m) {
    return new I2iConfig(m, listLength, swingAlpha, maxItemsPerUser, threads, cooccurrenceWindow);
  }

  public I2iConfig withListLength(int n) {
    return new I2iConfig(method, n, swingAlpha, maxItemsPerUser, threads, cooccurrenceWindow);
  }

  public I2iConfig withSwingAlpha(double a) {
    return new I2iConfig(method, listLength, a, maxItemsPerUser, threads, cooccurrenceWindow);
  }

  public I2iConfig withMaxItemsPerUser(int m) {
    return new I2iConfig(method, listLength, swingAlpha, m, threads, cooccurrenceWindow);
  }

  public I2iConfig withThreads(int t) {
    return new I2iConfig(method, listLength, swingAlpha, maxItemsPerUser, t, cooccurrenceWindow);
  }

  public I2iConfig withCooccurrenceWindow(int w) {
    return new I2iConfig(method, listLength, swingAlpha, maxItemsPerUser, threads, w);
  }
}
