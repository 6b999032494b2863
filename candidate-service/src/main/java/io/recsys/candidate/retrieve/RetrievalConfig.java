package io.recsys.candidate.retrieve;

/**
 * How the served pipeline mixes its sources. Immutable; every default a named constant.
 *
 * @param knnEmbedShare quota share of kNN-Embed mixture retrieval
 * @param pi2iShare quota share of PI2I
 * @param popularShare quota share of popular items (cold users get everything the others leave)
 * @param knnFloor smallest budget a represented interest gets
 * @param knnMinWeight interests lighter than this are not queried
 * @param itemsPerComponent newest items of a cluster averaged into its query
 */
public record RetrievalConfig(double knnEmbedShare, double pi2iShare, double popularShare, int knnFloor,
    float knnMinWeight, int itemsPerComponent) {
  public static final double DEFAULT_KNN_EMBED_SHARE = 0.45;
  public static final double DEFAULT_PI2I_SHARE = 0.45;
  public static final double DEFAULT_POPULAR_SHARE = 0.10;
  public static final int DEFAULT_KNN_FLOOR = 1;
  public static final float DEFAULT_KNN_MIN_WEIGHT = 0.02f;

  public RetrievalConfig {
    share("knnEmbedShare", knnEmbedShare);
    share("pi2iShare", pi2iShare);
    share("popularShare", popularShare);
    if (knnEmbedShare + pi2iShare + popularShare <= 0) throw new IllegalArgumentException("the shares must not all be 0");
    if (knnFloor < 0) throw new IllegalArgumentException("knnFloor must be >= 0: " + knnFloor);
    if (!(knnMinWeight >= 0 && knnMinWeight < 1)) throw new IllegalArgumentException("knnMinWeight must be in [0, 1): " + knnMinWeight);
    if (itemsPerComponent < 1) throw new IllegalArgumentException("itemsPerComponent must be >= 1: " + itemsPerComponent);
  }

  private static void share(String name, double v) {
    if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
  }

  public static RetrievalConfig defaults() {
    return new RetrievalConfig(DEFAULT_KNN_EMBED_SHARE, DEFAULT_PI2I_SHARE, DEFAULT_POPULAR_SHARE, DEFAULT_KNN_FLOOR,
        DEFAULT_KNN_MIN_WEIGHT, KnnEmbedSource.DEFAULT_ITEMS_PER_COMPONENT);
  }
}
