package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.evaluation.split.UserSequences;
import java.util.SplittableRandom;

/**
 * Generates the scorer's training pairs from each user's sequence (see {@link PairScorerTrainer} for
 * the recipe). Package-private so tests can inspect single examples.
 *
 * <p><b>Point in time.</b> The example at position {@code p} sees only the items before {@code p}:
 * the context (history, user vector, mixture) is built from them, the triggers are the newest of
 * them, and its "now" is the time of the item at {@code p}. Two things need care beyond that:
 * <ul>
 *   <li>The i2i lists are built from the whole training sequence, so the pair (trigger, positive)
 *       carries this user's own co-engagement, which at serving time has not happened yet. Left in,
 *       every positive would look better-supported than any serving candidate. So its count loses
 *       the user's co-engagement (exactly, when the lists counted it: both items inside the user's
 *       capped history and, for windowed co-occurrence, within the window), its score is recomputed
 *       without the user (exact for co-occurrence, {@code s * c'(c'-1) / (c(c-1))} for Swing: the
 *       share of the user pairs left when one of {@code c} users goes, treating pairs alike), its rank
 *       is re-placed in the list by that score, and its popularity loses the user's engagement. A
 *       positive whose corrected pair would not be in the list (score 0, or pushed past a full
 *       list's end) is not used with that trigger: serving would never have offered it.
 *   <li>Negatives are items the user never engaged, neither before {@code p} nor later. Excluding
 *       later engagements uses the future for the label only, never for a feature: an item the user
 *       engages later is not a non-engagement, and teaching the scorer to push it down would teach it
 *       to push down exactly the items retrieval should find.
 * </ul>
 *
 * <p>Each (user, position) draws from its own seeded random source, so an example depends only on
 * the seed, the user, the position, the prefix and the user's engaged set, whatever the thread or
 * order of generation. Immutable; {@link Generator}s are per thread.
 */
final class TrainingExamples {
  /** Positions before this are skipped: a profile of one or two items says little. */
  static final int SKIPPED_POSITIONS = 3;
  /** The context holds at most this many newest items (the mixture decay makes older ones weightless). */
  static final int HISTORY_ITEMS = 200;

  /** Receives each example; {@code features} is scratch, valid only during the call. */
  interface Sink {
    void accept(int user, int position, int trigger, int target, boolean positive, float[] features,
        UserContext context);
  }

  private final UserSequences seqs;
  private final ItemToItemIndex i2i;
  private final ItemVectors normalised;
  private final int[] clusterOfRow;
  private final int clusterCount;
  private final PairScorerTrainer.Config config;
  private final CappedHistories capped;
  private final PairFeatures features;

  TrainingExamples(UserSequences seqs, ItemToItemIndex i2i, ItemVectors normalised, int[] clusterOfRow,
      int clusterCount, PairScorerTrainer.Config config) {
    if (i2i.itemCount() != seqs.itemCount() || normalised.count() != seqs.itemCount()) {
      throw new IllegalArgumentException("item counts differ: interactions " + seqs.itemCount() + ", i2i "
          + i2i.itemCount() + ", vectors " + normalised.count());
    }
    if (i2i.sourceEntries() != seqs.totalLength()) {
      throw new IllegalArgumentException("the i2i lists were built from " + i2i.sourceEntries()
          + " interactions, these hold " + seqs.totalLength() + ": pass the interactions the lists were built from"
          + " (the trainer takes each user's own co-engagements back out of the lists' counts)");
    }
    this.seqs = seqs;
    this.i2i = i2i;
    this.normalised = normalised;
    this.clusterOfRow = clusterOfRow;
    this.clusterCount = clusterCount;
    this.config = config;
    this.capped = new CappedHistories(seqs, i2i.config().maxItemsPerUser());
    int[] users = seqs.usersPerItem();
    float[] popularity = new float[users.length];
    for (int i = 0; i < users.length; i++) popularity[i] = users[i];
    this.features = new PairFeatures(normalised, clusterOfRow, popularity);
  }

  Generator newGenerator() {
    return new Generator();
  }

  /** Seed of the random source of one (user, position). */
  static long seedOf(long seed, int user, int position) {
    long z = seed ^ (user * 0x9E3779B97F4A7C15L) ^ ((long) position * 0xC2B2AE3D27D4EB4FL);
    return new SplittableRandom(z).nextLong();
  }

  /** One thread's scratch. */
  final class Generator {
    private final CandidateUnion union = new CandidateUnion(seqs.itemCount());
    private final int[] engaged = new int[seqs.itemCount()];
    private final float[] f = new float[PairFeatures.COUNT];
    private final int[] rows = new int[HISTORY_ITEMS];
    private final long[] times = new long[HISTORY_ITEMS];
    private final int[] holderPosition;
    private final int[] holderRank;
    private final float[] holderScore;
    private final int[] holderCount;
    private final int[] chosen;
    private int correctedRank;
    private int correctedCount;
    private float correctedScore;

    Generator() {
      int t = config.triggers();
      holderPosition = new int[t];
      holderRank = new int[t];
      holderScore = new float[t];
      holderCount = new int[t];
      chosen = new int[config.sameListNegatives() + config.randomNegatives()];
    }

    void forUser(int user, Sink sink) {
      int len = seqs.length(user);
      if (len <= SKIPPED_POSITIONS) return;
      int mark = user + 1;
      for (int p = 0; p < len; p++) engaged[seqs.item(user, p)] = mark;
      for (int p = SKIPPED_POSITIONS; p < len; p++) position(user, p, mark, sink);
    }

    private void position(int user, int p, int mark, Sink sink) {
      int target = seqs.item(user, p);
      SplittableRandom random = new SplittableRandom(seedOf(config.seed(), user, p));
      int history = Math.min(p, HISTORY_ITEMS);
      for (int k = 0; k < history; k++) {
        rows[k] = seqs.item(user, p - 1 - k);
        times[k] = seqs.timestamp(user, p - 1 - k);
      }
      UserContext context = UserContext.of(rows, times, history, seqs.timestamp(user, p), normalised, clusterOfRow,
          clusterCount);
      int nTriggers = Math.min(config.triggers(), history);

      // The positive: which triggers would list it at serving time, once this user's own
      // co-engagement is taken out of the lists.
      int holders = 0;
      float sum = 0;
      for (int tp = 0; tp < nTriggers; tp++) {
        int t = rows[tp];
        int pos = i2i.positionOf(t, target);
        if (pos < 0 || !correct(user, p - 1 - tp, p, t, target, pos)) continue;
        holderPosition[holders] = tp;
        holderRank[holders] = correctedRank;
        holderScore[holders] = correctedScore;
        holderCount[holders] = correctedCount;
        sum += correctedScore;
        holders++;
      }
      if (holders == 0) return;

      union.begin();
      for (int q = 0; q < seqs.length(user); q++) union.exclude(seqs.item(user, q));
      for (int tp = 0; tp < nTriggers; tp++) union.addList(i2i, rows[tp], i2i.listLength(rows[tp]));

      int h = random.nextInt(holders);
      int tp = holderPosition[h];
      int t = rows[tp];
      float top = topScoreWithout(t, target, holderScore[h]);
      features.compute(context, tp, target, holderRank[h], holderScore[h], holderCount[h], top, holders, sum, -1f, f);
      sink.accept(user, p, t, target, true, f, context);

      int nChosen = 0;
      int listLen = i2i.listLength(t);
      float listTop = i2i.score(t, 0);
      int wanted = config.sameListNegatives();
      for (int tries = 0; nChosen < wanted && tries < 20 * wanted + 20; tries++) {
        int pos = random.nextInt(listLen);
        int j = i2i.neighbour(t, pos);
        if (engaged[j] == mark || isChosen(j, nChosen)) continue;
        chosen[nChosen++] = j;
        features.compute(context, tp, j, pos, i2i.score(t, pos), i2i.count(t, pos), listTop, union.support[j],
            union.scoreSum[j], 0f, f);
        sink.accept(user, p, t, j, false, f, context);
      }
      int items = seqs.itemCount();
      int randomWanted = nChosen + config.randomNegatives();
      for (int tries = 0; nChosen < randomWanted && tries < 50 * config.randomNegatives() + 50; tries++) {
        int j = random.nextInt(items);
        if (engaged[j] == mark || isChosen(j, nChosen)) continue;
        chosen[nChosen++] = j;
        int pos = i2i.positionOf(t, j);
        boolean listed = union.contains(j);
        // Outside the trigger's list: ranked just past its end, with no i2i evidence.
        features.compute(context, tp, j, pos >= 0 ? pos : listLen, pos >= 0 ? i2i.score(t, pos) : 0f,
            pos >= 0 ? i2i.count(t, pos) : 0, listTop, listed ? union.support[j] : 0, listed ? union.scoreSum[j] : 0f,
            0f, f);
        sink.accept(user, p, t, j, false, f, context);
      }
    }

    private boolean isChosen(int j, int n) {
      for (int i = 0; i < n; i++) if (chosen[i] == j) return true;
      return false;
    }

    /**
     * The pair (t at full position q, target at p) as serving would see it without this user's
     * co-engagement; false when it would not be listed. Sets the corrected rank, score and count.
     */
    private boolean correct(int user, int q, int p, int t, int target, int pos) {
      int c = i2i.count(t, pos);
      float s = i2i.score(t, pos);
      I2iConfig built = i2i.config();
      int cap = capped.capOffset[user];
      boolean counted = q >= cap && p >= cap && (built.method() == I2iMethod.SWING || built.cooccurrenceWindow() == 0
          || p - q <= built.cooccurrenceWindow());
      if (!counted) {
        correctedRank = pos;
        correctedScore = s;
        correctedCount = c;
        return true;
      }
      int c1 = c - 1;
      double s1;
      if (built.method() == I2iMethod.SWING) {
        s1 = c1 >= 2 ? s * ((double) c1 * (c1 - 1)) / ((double) c * (c - 1)) : 0;
      } else {
        double nt = capped.usersOf(t) - 1;
        double nj = capped.usersOf(target) - 1;
        s1 = c1 >= 1 && nt > 0 && nj > 0 ? c1 / Math.sqrt(nt * nj) : 0;
      }
      if (!(s1 > 0)) return false;
      float sc = (float) s1;
      int len = i2i.listLength(t);
      int ahead = pos; // every earlier entry scored at least s >= s1
      for (int r = pos + 1; r < len && i2i.score(t, r) >= sc; r++) ahead++;
      if (len >= built.listLength() && ahead >= len - 1) return false; // would compete with pairs cut off
      correctedRank = ahead;
      correctedScore = sc;
      correctedCount = c1;
      return true;
    }

    /** The list's best score once the target's own entry drops to {@code corrected}. */
    private float topScoreWithout(int t, int target, float corrected) {
      if (i2i.neighbour(t, 0) != target) return i2i.score(t, 0);
      return i2i.listLength(t) > 1 ? Math.max(corrected, i2i.score(t, 1)) : corrected;
    }
  }
}
