package io.recsys.core.synthetic;

import io.recsys.core.dataset.Item;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic item catalogue and its hidden truth: topics, ring positions, popularity, conversion
 * rates and embeddings, all in per-item primitive arrays (1 M items at d = 16 take about 110 MB).
 *
 * <p>Layout: the items of topic t occupy the slots {@code topicStart[t] .. topicStart[t+1]-1} in ring
 * order, so ring position p of topic t is slot {@code topicStart[t] + p}. Which item sits in which
 * slot is a random permutation, so item ids say nothing about topics. Popularity sampling searches
 * a per-slot cumulative array (normalised per topic) by bisection: no allocation per draw.
 *
 * <p>Immutable once generated; thread-safe for reading.
 */
public final class Catalog {
  private static final long STREAM = 0xCA7A;
  private static final float MAX_RATE = 0.95f;

  private final int items;
  private final int topics;
  private final int dim;
  private final int[] topicStart;
  private final int[] itemAtSlot;
  private final int[] topicOfItem;
  private final int[] positionOfItem;
  private final int[] popularityRank;
  private final float[] popularity;
  private final double[] cumulative;
  private final float[] ctr;
  private final float[] cartRate;
  private final float[] purchaseRate;
  private final float[] embeddings;
  private final double[] topicWeight;
  private final double[] topicCumulative;
  private final float[] centroids;
  private final TopicVocabulary vocabulary;

  private Catalog(SyntheticConfig config) {
    this.items = config.items();
    this.topics = config.topics();
    this.dim = config.dim();
    ModelParameters m = config.model();
    SplittableRandom rng = new SplittableRandom(RandomVariates.streamSeed(config.seed(), STREAM, 0));

    topicWeight = new double[topics];
    double total = 0;
    for (int t = 0; t < topics; t++) total += topicWeight[t] = RandomVariates.gamma(rng, m.topicShape());
    topicCumulative = new double[topics];
    double running = 0;
    for (int t = 0; t < topics; t++) {
      topicWeight[t] /= total;
      running += topicWeight[t];
      topicCumulative[t] = running;
    }
    topicCumulative[topics - 1] = 1.0;

    topicStart = topicStarts(topicWeight, items);
    itemAtSlot = new int[items];
    RandomVariates.permutation(rng, itemAtSlot, items);
    topicOfItem = new int[items];
    positionOfItem = new int[items];
    popularityRank = new int[items];
    popularity = new float[items];
    cumulative = new double[items];
    ctr = new float[items];
    cartRate = new float[items];
    purchaseRate = new float[items];
    embeddings = new float[items * dim];
    centroids = new float[topics * dim];

    int maxSize = 0;
    for (int t = 0; t < topics; t++) maxSize = Math.max(maxSize, topicSize(t));
    int[] rankToPosition = new int[maxSize];
    double[] c = new double[dim];
    double[] a = new double[dim];
    double[] b = new double[dim];
    double[] e = new double[dim];
    double noise = m.embeddingNoise() / Math.sqrt(dim);
    for (int t = 0; t < topics; t++) {
      randomUnit(rng, c, null, null);
      randomUnit(rng, a, c, null);
      randomUnit(rng, b, c, a);
      for (int k = 0; k < dim; k++) centroids[t * dim + k] = (float) c[k];

      int start = topicStart[t];
      int size = topicSize(t);
      RandomVariates.permutation(rng, rankToPosition, size);
      double weightSum = 0;
      for (int rank = 0; rank < size; rank++) {
        double w = 1 / StrictMath.pow(rank + 1, m.zipfExponent());
        int item = itemAtSlot[start + rankToPosition[rank]];
        popularityRank[item] = rank;
        cumulative[start + rankToPosition[rank]] = w; // the weight for now, summed below
        weightSum += w;
      }
      double cum = 0;
      for (int pos = 0; pos < size; pos++) {
        int slot = start + pos;
        int item = itemAtSlot[slot];
        double w = cumulative[slot];
        popularity[item] = (float) (w / weightSum);
        cum += w;
        cumulative[slot] = cum / weightSum;
        topicOfItem[item] = t;
        positionOfItem[item] = pos;

        double q = size == 1 ? 1 : 1 - (double) popularityRank[item] / (size - 1);
        double lift = 1 - m.popularityCtrLift() / 2 + m.popularityCtrLift() * q;
        ctr[item] = rate(RandomVariates.beta(rng, m.ctr().alpha(), m.ctr().beta()) * lift);
        cartRate[item] = rate(RandomVariates.beta(rng, m.cartRate().alpha(), m.cartRate().beta()));
        purchaseRate[item] = rate(RandomVariates.beta(rng, m.purchaseRate().alpha(), m.purchaseRate().beta()));

        double theta = 2 * Math.PI * pos / size;
        double cos = StrictMath.cos(theta);
        double sin = StrictMath.sin(theta);
        for (int k = 0; k < dim; k++) {
          e[k] = c[k] + m.ringRadius() * (cos * a[k] + sin * b[k]) + noise * RandomVariates.gaussian(rng);
        }
        normalise(e);
        for (int k = 0; k < dim; k++) embeddings[item * dim + k] = (float) e[k];
      }
      cumulative[start + size - 1] = 1.0; // exact, so that every u in [0, 1) finds a slot
    }
    vocabulary = TopicVocabulary.generate(config.seed(), topics);
  }

  /** Generates the catalogue of {@code config}: O(items x dim) time and memory. */
  public static Catalog generate(SyntheticConfig config) {
    return new Catalog(config);
  }

  /**
   * Topic sizes proportional to the weights, at least 1 each, summing to {@code items}: floors
   * first, then single items moved by largest shortfall (or excess), which keeps it deterministic.
   */
  private static int[] topicStarts(double[] weight, int items) {
    int topics = weight.length;
    int[] size = new int[topics];
    long sum = 0;
    for (int t = 0; t < topics; t++) sum += size[t] = Math.max(1, (int) Math.floor(items * weight[t]));
    while (sum != items) {
      int best = -1;
      double bestGap = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < topics; t++) {
        double gap = sum < items ? items * weight[t] - size[t] : size[t] - items * weight[t];
        if ((sum < items || size[t] > 1) && gap > bestGap) {
          bestGap = gap;
          best = t;
        }
      }
      size[best] += sum < items ? 1 : -1;
      sum += sum < items ? 1 : -1;
    }
    int[] start = new int[topics + 1];
    for (int t = 0; t < topics; t++) start[t + 1] = start[t] + size[t];
    return start;
  }

  /** A random unit vector orthogonal to {@code p} and {@code q} (either may be null). */
  private static void randomUnit(SplittableRandom rng, double[] v, double[] p, double[] q) {
    for (int k = 0; k < v.length; k++) v[k] = RandomVariates.gaussian(rng);
    if (p != null) subtractProjection(v, p);
    if (q != null) subtractProjection(v, q);
    normalise(v);
  }

  private static void subtractProjection(double[] v, double[] unit) {
    double dot = 0;
    for (int k = 0; k < v.length; k++) dot += v[k] * unit[k];
    for (int k = 0; k < v.length; k++) v[k] -= dot * unit[k];
  }

  private static void normalise(double[] v) {
    double norm = 0;
    for (double x : v) norm += x * x;
    norm = StrictMath.sqrt(norm);
    for (int k = 0; k < v.length; k++) v[k] /= norm;
  }

  private static float rate(double p) {
    return Math.min(MAX_RATE, (float) p);
  }

  // --- sampling (used by the session simulator) ---

  /** A topic drawn by topic popularity; {@code u} uniform in [0, 1). */
  int topicByPopularity(double u) {
    return RandomVariates.searchCumulative(topicCumulative, 0, topics, u);
  }

  /** An item of {@code topic} drawn by its Zipf popularity; {@code u} uniform in [0, 1). */
  int itemByPopularity(int topic, double u) {
    int slot = RandomVariates.searchCumulative(cumulative, topicStart[topic], topicStart[topic + 1], u);
    return itemAtSlot[slot];
  }

  /** The item {@code offset} steps along the ring from {@code item} (wrapping around). */
  int ringNeighbour(int item, int offset) {
    int t = topicOfItem[item];
    int pos = Math.floorMod(positionOfItem[item] + offset, topicSize(t));
    return itemAtSlot[topicStart[t] + pos];
  }

  // --- the truth ---

  public static String itemId(int item) {
    return "i" + item;
  }

  public int items() {
    return items;
  }

  public int topics() {
    return topics;
  }

  public int dim() {
    return dim;
  }

  public int topic(int item) {
    return topicOfItem[item];
  }

  public int ringPosition(int item) {
    return positionOfItem[item];
  }

  public int topicSize(int topic) {
    return topicStart[topic + 1] - topicStart[topic];
  }

  /** The item at ring position {@code pos} of {@code topic}. */
  public int itemAt(int topic, int pos) {
    return itemAtSlot[topicStart[topic] + pos];
  }

  /** Probability of the item when its topic draws an item by popularity (sums to 1 per topic). */
  public float popularity(int item) {
    return popularity[item];
  }

  /** 0 for the topic's most popular item. */
  public int popularityRank(int item) {
    return popularityRank[item];
  }

  /** True click probability of the item for a user interested in its topic. */
  public float ctr(int item) {
    return ctr[item];
  }

  public float cartRate(int item) {
    return cartRate[item];
  }

  public float purchaseRate(int item) {
    return purchaseRate[item];
  }

  /** Copies the item's unit-norm embedding into {@code into[offset .. offset+dim)}. */
  public void embedding(int item, float[] into, int offset) {
    System.arraycopy(embeddings, item * dim, into, offset, dim);
  }

  public String topicName(int topic) {
    return TopicVocabulary.name(topic);
  }

  /** Share of the topic in topic popularity (also its share of the items, up to rounding). */
  public double topicWeight(int topic) {
    return topicWeight[topic];
  }

  public void centroid(int topic, float[] into, int offset) {
    System.arraycopy(centroids, topic * dim, into, offset, dim);
  }

  /** The item's metadata as the dataset sees it: title, [topic, topic / sub-category], year. */
  public Item metadata(int item) {
    int t = topicOfItem[item];
    int pos = positionOfItem[item];
    int size = topicSize(t);
    String name = topicName(t);
    return new Item(itemId(item), vocabulary.title(t, pos, size, item),
        List.of(name, name + " / " + vocabulary.subcategory(t, pos, size)), vocabulary.year(item), Map.of());
  }
}
