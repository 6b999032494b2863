package io.recsys.ranking.features;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.train.Progress;
import io.recsys.core.vectors.ItemVectorFile;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.ranking.model.RankingExamples;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Turns the candidate stage's {@code training-candidates} artefact into the ranker's training
 * examples, point-in-time correct: each example (a user at the moment of one of their window
 * interactions) gets the features the serving path would have computed at that moment.
 * <ul>
 *   <li>history: the user's sequence before the example's position (what retrieval saw);
 *   <li>item statistics and live counters: a {@link PointInTimeReplay}, strictly before the example's time;
 *   <li>vectors, clusters, categories: the window models' files (trained without the window), via
 *       {@link RankerTables}; the tables returned (for the artefact) carry the snapshot of all events.
 * </ul>
 * Labels: click = the file's label (the candidate is the item engaged with); engage = click and the
 * user's engagement with that item from that moment to {@link Config#engageWindow()} later (the
 * visit's outcome: a shop logs the cart and the purchase after the view) was deeper: at or above {@link Config#engageLevel()}
 * on the engagement ladder ({@link InteractionType#level()}: cart by default, so carts and purchases),
 * or a rating of at least {@link Config#engageRating()}. The two ordinal heads are thus the ladder's
 * thresholds "clicked" and "reached the engage level"; a deployment whose favourites already signal
 * intent moves the second threshold down to them. Weights are 1.
 *
 * <p>Negative sampling keeps at most {@link Config#maxNegativesPerQuery()} negatives per query
 * (seeded, in file order), always every positive. Features are assembled on the whole candidate list
 * first, so a candidate's rank feature is that of the list serving sees. An example whose target was
 * not retrieved has no positive; it is kept anyway (all negatives): dropping it would teach the model
 * only from lists retrieval got right, which serving does not enjoy.
 *
 * <p>Stateless; {@link #read} may run on several inputs in parallel.
 */
public final class TrainingExampleReader {
  public static final String CANDIDATES_FILE = "training-candidates.tsv.gz";
  public static final String VECTORS_FILE = "window-item-vectors.bin";
  public static final String CLUSTERS_FILE = "window-item-clusters.tsv";
  public static final String HEADER = "userId\tposition\ttimestamp\ttarget\titemId\tlabel\tretrievalScore\tsources\tsourceScores";
  private static final int PROGRESS_EVERY = 1024;

  private TrainingExampleReader() {}

  /**
   * @param engageLevel the ladder level from which an interaction counts as the deeper engagement
   *     (the engage head's threshold): 1 click … 4 purchase, default {@link #DEFAULT_ENGAGE_LEVEL} (cart)
   * @param engageWindow how long after the example's moment a deeper interaction with the target still
   *     makes its engage label (the outcome of that visit: the cart or purchase that follows a view)
   * @param engageRating the rating from which a rated item counts as the deeper engagement level
   * @param maxNegativesPerQuery negatives kept per query ({@code Integer.MAX_VALUE}: all)
   * @param seed the negative sampler's seed
   * @param features the feature layer's user-side settings
   * @param maxCategories the category vocabulary size
   */
  public record Config(int engageLevel, Duration engageWindow, double engageRating, int maxNegativesPerQuery, long seed, FeatureConfig features, int maxCategories,
      List<String> excludedFeatures) {
    public static final int DEFAULT_ENGAGE_LEVEL = InteractionType.CART.level();
    /** A shop's cart or purchase follows the view by seconds to hours; a day covers a visit. */
    public static final Duration DEFAULT_ENGAGE_WINDOW = Duration.ofDays(1);
    public static final double DEFAULT_ENGAGE_RATING = 4.0;
    public static final int ALL_NEGATIVES = Integer.MAX_VALUE;
    public static final long DEFAULT_SEED = 42;

    public Config {
      if (engageLevel < InteractionType.CLICK.level() || engageLevel > InteractionType.PURCHASE.level()) {
        throw new IllegalArgumentException("engageLevel must be a level from click (" + InteractionType.CLICK.level()
            + ") to purchase (" + InteractionType.PURCHASE.level() + "): " + engageLevel);
      }
      if (engageWindow == null || engageWindow.isNegative()) throw new IllegalArgumentException("engageWindow must be >= 0: " + engageWindow);
      if (!Double.isFinite(engageRating)) throw new IllegalArgumentException("engageRating must be finite: " + engageRating);
      if (maxNegativesPerQuery < 0) throw new IllegalArgumentException("maxNegativesPerQuery must be >= 0: " + maxNegativesPerQuery);
      if (features == null) throw new IllegalArgumentException("features must be set");
      if (maxCategories < 0 || maxCategories > RankerTables.MAX_CATEGORIES_LIMIT) {
        throw new IllegalArgumentException("maxCategories must be in [0, " + RankerTables.MAX_CATEGORIES_LIMIT + "]: " + maxCategories);
      }
      excludedFeatures = List.copyOf(excludedFeatures);
    }

    public static Config defaults() {
      return new Config(DEFAULT_ENGAGE_LEVEL, DEFAULT_ENGAGE_WINDOW, DEFAULT_ENGAGE_RATING, ALL_NEGATIVES, DEFAULT_SEED, FeatureConfig.defaults(), RankerTables.DEFAULT_MAX_CATEGORIES,
          List.of());
    }

    public Config withMaxNegativesPerQuery(int max) {
      return new Config(engageLevel, engageWindow, engageRating, max, seed, features, maxCategories, excludedFeatures);
    }

    public Config withEngageLevel(int level) {
      return new Config(level, engageWindow, engageRating, maxNegativesPerQuery, seed, features, maxCategories, excludedFeatures);
    }

    public Config withEngageWindow(Duration window) {
      return new Config(engageLevel, window, engageRating, maxNegativesPerQuery, seed, features, maxCategories, excludedFeatures);
    }

    public Config withEngageRating(double rating) {
      return new Config(engageLevel, engageWindow, rating, maxNegativesPerQuery, seed, features, maxCategories, excludedFeatures);
    }

    /** Features switched off in the scaler ({@link FeatureScaler#excluding}): names or prefixes ending in '.'. */
    public Config withExcludedFeatures(List<String> excluded) {
      return new Config(engageLevel, engageWindow, engageRating, maxNegativesPerQuery, seed, features, maxCategories, excluded);
    }

    public Config withSeed(long s) {
      return new Config(engageLevel, engageWindow, engageRating, maxNegativesPerQuery, s, features, maxCategories, excludedFeatures);
    }
  }

  /**
   * What was read.
   *
   * @param examples standardised examples, one query per example of the file, candidates in file order
   * @param scaler fitted on these examples' raw dense features
   * @param features the schema (over {@code tables})
   * @param tables the serving tables: window vectors and clusters, item stats of all the dataset's events
   * @param candidateItem per candidate of {@code examples}, its item row (-1 when the dataset does not know it)
   * @param itemPositives per item row, its positive (click) candidates in {@code examples}
   * @param examplesWithoutPositive queries whose target retrieval did not return
   * @param negativeWeight per query, how many of its negatives each kept negative stands for (the
   *     list's negatives / those sampled; 1 when all were kept): calibration weights by it so the
   *     probabilities served are those of the whole candidate list, not of the sample
   */
  public record Result(RankingExamples examples, FeatureScaler scaler, RankingFeatures features, RankerTables tables,
      int[] candidateItem, int[] itemPositives, int examplesWithoutPositive, float[] negativeWeight) {}

  /** Reads {@code dir} (a training-candidates artefact version) made from {@code dataset}. */
  public static Result read(Path dir, Dataset dataset, Config config, Progress progress) throws IOException {
    UserSequences sequences = UserSequences.of(dataset, UserSequences.defaultPositiveTypes(), ItemOrder.of(dataset.items()));
    ItemVectorFile.Table vectors = ItemVectorFile.read(dir.resolve(VECTORS_FILE));
    RankerTables tables = RankerTables.build(dataset, sequences, vectors, RankerTables.readClusters(dir.resolve(CLUSTERS_FILE)),
        config.maxCategories());
    RankingFeatures features = new RankingFeatures(tables, config.features());
    Lines lines = parse(dir.resolve(CANDIDATES_FILE), dataset, sequences);
    return assemble(lines, dataset, sequences, features, config, progress);
  }

  /** The parsed file: per line and per example, primitive columns. */
  private static final class Lines {
    final IntArrayList example = new IntArrayList();
    final IntArrayList item = new IntArrayList();
    final IntArrayList rank = new IntArrayList();
    final IntArrayList label = new IntArrayList();
    final FloatArrayList score = new FloatArrayList();
    final FloatArrayList sourceScores = new FloatArrayList();
    final IntArrayList exampleUser = new IntArrayList();
    final IntArrayList examplePosition = new IntArrayList();
    final LongArrayList exampleTime = new LongArrayList();
    final IntArrayList exampleFirst = new IntArrayList();

    int examples() {
      return exampleUser.size();
    }

    int size() {
      return item.size();
    }

    int first(int q) {
      return exampleFirst.getInt(q);
    }

    int end(int q) {
      return q + 1 < examples() ? exampleFirst.getInt(q + 1) : size();
    }
  }

  private static Lines parse(Path file, Dataset dataset, UserSequences sequences) throws IOException {
    Lines out = new Lines();
    int sources = RankingFeatures.SOURCES.size();
    float[] scores = new float[sources];
    String[] col = new String[9];
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
      String header = in.readLine();
      if (!HEADER.equals(header)) throw new IOException(file + ": expected header '" + HEADER.replace("\t", "\\t") + "', got " + header);
      String line;
      long lineNo = 1;
      String prevUser = null;
      int prevPosition = -1;
      int rank = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) continue;
        split(line, col, file, lineNo);
        int position;
        long time;
        float retrieval;
        int label;
        try {
          position = Integer.parseInt(col[1]);
          time = Long.parseLong(col[2]);
          label = Integer.parseInt(col[5]);
          retrieval = Float.parseFloat(col[6]);
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + lineNo + ": bad number: " + e.getMessage(), e);
        }
        if (label != 0 && label != 1) throw new IOException(file + ":" + lineNo + ": label " + label + " (expected 0 or 1)");
        if (!col[0].equals(prevUser) || position != prevPosition) {
          int user = dataset.users().indexOf(col[0]);
          if (user < 0) throw new IOException(file + ":" + lineNo + ": user " + col[0] + " is not in the dataset");
          if (position < 0 || position >= sequences.length(user)) {
            throw new IOException(file + ":" + lineNo + ": position " + position + " outside user " + col[0] + "'s sequence of "
                + sequences.length(user) + " (is this the dataset the candidates were made from?)");
          }
          int target = dataset.items().indexOf(col[3]);
          if (target != sequences.item(user, position) || time != sequences.timestamp(user, position)) {
            throw new IOException(file + ":" + lineNo + ": target " + col[3] + " at " + time + " is not user " + col[0]
                + "'s item at position " + position + " (is this the dataset the candidates were made from?)");
          }
          out.exampleUser.add(user);
          out.examplePosition.add(position);
          out.exampleTime.add(time);
          out.exampleFirst.add(out.size());
          prevUser = col[0];
          prevPosition = position;
          rank = 0;
        }
        int item = dataset.items().indexOf(col[4]);
        parseSources(col[7], col[8], scores, file, lineNo);
        out.example.add(out.examples() - 1);
        out.item.add(item);
        out.rank.add(rank++);
        out.label.add(label);
        out.score.add(retrieval);
        for (int s = 0; s < sources; s++) out.sourceScores.add(scores[s]);
      }
    }
    return out;
  }

  private static void split(String line, String[] col, Path file, long lineNo) throws IOException {
    int from = 0;
    for (int c = 0; c < col.length - 1; c++) {
      int tab = line.indexOf('\t', from);
      if (tab < 0) throw new IOException(file + ":" + lineNo + ": expected " + col.length + " tab-separated columns, got " + (c + 1));
      col[c] = line.substring(from, tab);
      from = tab + 1;
    }
    if (line.indexOf('\t', from) >= 0) throw new IOException(file + ":" + lineNo + ": more than " + col.length + " columns");
    col[col.length - 1] = line.substring(from);
  }

  /** Source scores by {@link RankingFeatures#SOURCES} index; NaN when absent; a tagged source without a score gets 0. */
  static void parseSources(String tags, String scoreField, float[] scores, Path file, long lineNo) throws IOException {
    Arrays.fill(scores, Float.NaN);
    if (!scoreField.isEmpty()) {
      for (String pair : scoreField.split(";")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) throw new IOException(file + ":" + lineNo + ": bad source score '" + pair + "' (expected name=score)");
        int s = RankingFeatures.SOURCES.indexOf(pair.substring(0, eq));
        if (s < 0) continue; // a source this schema has no features for
        try {
          scores[s] = Float.parseFloat(pair.substring(eq + 1));
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + lineNo + ": bad source score '" + pair + "'", e);
        }
      }
    }
    if (!tags.isEmpty()) {
      for (String tag : tags.split(",")) {
        int colon = tag.indexOf(':');
        int s = RankingFeatures.SOURCES.indexOf(colon < 0 ? tag : tag.substring(0, colon));
        if (s >= 0 && Float.isNaN(scores[s])) scores[s] = 0f;
      }
    }
  }

  private static Result assemble(Lines lines, Dataset dataset, UserSequences sequences, RankingFeatures features, Config config,
      Progress progress) {
    int q = lines.examples();
    int total = lines.size();
    int d = features.denseDim(), e = features.embeddingDim(), l = features.sequenceLength();
    int sources = RankingFeatures.SOURCES.size();

    // Negative sampling first (it does not depend on features), in file order with one seeded stream.
    boolean[] keep = new boolean[total];
    SplittableRandom random = new SplittableRandom(config.seed());
    int maxNeg = config.maxNegativesPerQuery();
    int maxList = 0;
    int[] negatives = new int[0];
    float[] negativeWeight = new float[q];
    for (int x = 0; x < q; x++) {
      int from = lines.first(x), to = lines.end(x);
      maxList = Math.max(maxList, to - from);
      if (negatives.length < to - from) negatives = new int[to - from];
      int negCount = 0;
      for (int c = from; c < to; c++) {
        if (lines.label.getInt(c) == 1) keep[c] = true;
        else negatives[negCount++] = c;
      }
      int take = Math.min(maxNeg, negCount);
      negativeWeight[x] = take == 0 ? 1f : (float) negCount / take;
      // Partial Fisher-Yates: the first `take` slots become a uniform sample.
      for (int k = 0; k < take; k++) {
        int r = k + random.nextInt(negCount - k);
        int tmp = negatives[k];
        negatives[k] = negatives[r];
        negatives[r] = tmp;
        keep[negatives[k]] = true;
      }
    }
    int[] keptIndex = new int[total];
    int n = 0;
    for (int c = 0; c < total; c++) keptIndex[c] = keep[c] ? n++ : -1;

    int[] queryUser = lines.exampleUser.toIntArray();
    long[] queryTime = lines.exampleTime.toLongArray();
    float[] behaviours = new float[q * l * e];
    float[] mask = new float[q * l];
    int[] query = new int[n];
    float[] dense = new float[n * d];
    float[] target = new float[n * e];
    float[] click = new float[n], engage = new float[n], weight = new float[n];
    int[] candidateItem = new int[n];
    Arrays.fill(weight, 1f);

    // Deeper engagement with the example's target: rows of (user, target) from the example's time to the
    // end of the engage window. Examples of one user sharing a target (a view, then the cart of it) are
    // chained, so each gets its own outcome.
    boolean[] deep = new boolean[q];
    Long2IntOpenHashMap exampleOf = new Long2IntOpenHashMap(q);
    exampleOf.defaultReturnValue(-1);
    int[] sameTarget = new int[q];
    for (int x = 0; x < q; x++) {
      int u = queryUser[x];
      sameTarget[x] = exampleOf.put((long) u << 32 | sequences.item(u, lines.examplePosition.getInt(x)), x);
    }
    long windowMillis = config.engageWindow().toMillis();
    for (int r = 0; r < dataset.size(); r++) {
      int first = exampleOf.get((long) dataset.userIndex(r) << 32 | dataset.itemIndex(r));
      if (first < 0) continue;
      InteractionType type = dataset.type(r);
      if (type.level() < config.engageLevel()
          && !(type == InteractionType.RATING && dataset.value(r) >= config.engageRating())) {
        continue;
      }
      long t = dataset.timestampMillis(r);
      // The outcome of the example's interaction may lie ahead of it (labels look ahead; features never do).
      for (int x = first; x >= 0; x = sameTarget[x]) {
        long dt = t - queryTime[x];
        if (dt >= 0 && dt <= windowMillis) deep[x] = true;
      }
    }

    FeatureAssembler assembler = features.newAssembler();
    float[] denseScratch = new float[maxList * d];
    float[] targetScratch = new float[maxList * e];
    float[] behaviourScratch = new float[l * e];
    float[] maskScratch = new float[l];
    CandidateView[] views = new CandidateView[maxList];
    ItemCounters[] counters = new ItemCounters[maxList];
    float[][] sourceScratch = new float[maxList][sources];
    int[] done = {0};
    int[] withoutPositive = {0};
    PointInTimeReplay replay = new PointInTimeReplay(dataset, sequences);
    replay.run(queryTime, (x, state) -> {
      int from = lines.first(x), to = lines.end(x), size = to - from;
      long now = queryTime[x];
      boolean positive = false;
      for (int c = from; c < to; c++) {
        float[] s = sourceScratch[c - from]; // reused: the views live only for this call
        for (int k = 0; k < sources; k++) s[k] = lines.sourceScores.getFloat(c * sources + k);
        int item = lines.item.getInt(c);
        views[c - from] = new CandidateView(item, lines.score.getFloat(c), lines.rank.getInt(c), s);
        counters[c - from] = item < 0 ? null : state.counters(item, now);
        positive |= lines.label.getInt(c) == 1;
      }
      if (!positive) withoutPositive[0]++;
      UserView user = UserView.ofSequence(sequences, queryUser[x], lines.examplePosition.getInt(x));
      assembler.assemble(user, views, size, state, counters, now, denseScratch, targetScratch, behaviourScratch, maskScratch);
      System.arraycopy(behaviourScratch, 0, behaviours, x * l * e, l * e);
      System.arraycopy(maskScratch, 0, mask, x * l, l);
      for (int c = from; c < to; c++) {
        int k = keptIndex[c];
        if (k < 0) continue;
        query[k] = x;
        candidateItem[k] = lines.item.getInt(c);
        System.arraycopy(denseScratch, (c - from) * d, dense, k * d, d);
        System.arraycopy(targetScratch, (c - from) * e, target, k * e, e);
        click[k] = lines.label.getInt(c);
        engage[k] = click[k] == 1f && deep[x] ? 1f : 0f;
      }
      if (++done[0] % PROGRESS_EVERY == 0) progress.update(done[0], q);
    });
    progress.update(q, q);

    int[] itemPositives = new int[dataset.items().size()];
    for (int k = 0; k < n; k++) if (click[k] == 1f && candidateItem[k] >= 0) itemPositives[candidateItem[k]]++;
    FeatureScaler scaler = FeatureScaler.fit(features.names(), dense, n).excluding(config.excludedFeatures());
    scaler.apply(dense, n);
    RankingExamples examples = new RankingExamples(d, e, l, queryUser, queryTime, behaviours, mask, query, dense, target,
        click, engage, weight);
    return new Result(examples, scaler, features, features.tables(), candidateItem, itemPositives, withoutPositive[0], negativeWeight);
  }
}
