package io.recsys.ranking.features;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Item;
import io.recsys.core.vectors.ItemVectorFile;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The item-side state the ranker artefact carries: item ids and their rows, unit-normalised item
 * vectors (the window models' ALS vectors, so training and serving use the same embedding space;
 * zero rows stay zero), each item's interest cluster and the unit-normalised cluster centroids, the
 * category vocabulary with each item's category bits, and the frozen {@link ItemStats} snapshot for
 * serving.
 *
 * <p>Item rows are the dataset's item indexes. Immutable after construction; thread-safe to read.
 * The arrays behind the package-private accessors are shared, never copied, for the assembler's hot
 * loop; they must not be changed.
 */
public final class RankerTables {
  /** The file {@link #write} creates in the artefact directory. */
  public static final String FILE = "ranker-tables.bin";
  /** Categories kept in the vocabulary by default: the most frequent ones. */
  public static final int DEFAULT_MAX_CATEGORIES = 20;
  /** Category bits are one long per item. */
  public static final int MAX_CATEGORIES_LIMIT = 64;
  private static final int MAGIC = 0x524B5442; // "RKTB"
  private static final int FORMAT = 1;

  private final String[] itemIds;
  private final Object2IntOpenHashMap<String> rowOf;
  private final int dim;
  private final float[] vectors;
  private final int[] clusterOf;
  private final int clusterCount;
  private final float[] centroids;
  private final String[] categories;
  private final long[] categoryBits;
  private final FrozenItemStats stats;

  private RankerTables(String[] itemIds, int dim, float[] vectors, int[] clusterOf, int clusterCount, float[] centroids,
      String[] categories, long[] categoryBits, FrozenItemStats stats) {
    int n = itemIds.length;
    if (dim < 1) throw new IllegalArgumentException("embedding dim must be >= 1: " + dim);
    if (vectors.length != (long) n * dim) throw new IllegalArgumentException(vectors.length + " vector floats for " + n + " items of dim " + dim);
    if (clusterOf.length != n || categoryBits.length != n) throw new IllegalArgumentException("per-item arrays disagree on " + n + " items");
    if (centroids.length != (long) clusterCount * dim) throw new IllegalArgumentException(centroids.length + " centroid floats for " + clusterCount + " clusters");
    if (categories.length > MAX_CATEGORIES_LIMIT) throw new IllegalArgumentException(categories.length + " categories, at most " + MAX_CATEGORIES_LIMIT);
    if (stats.itemCount() != n) throw new IllegalArgumentException("item stats for " + stats.itemCount() + " items, tables hold " + n);
    for (int i = 0; i < n; i++) {
      if (clusterOf[i] < -1 || clusterOf[i] >= clusterCount) throw new IllegalArgumentException("item " + itemIds[i] + " in cluster " + clusterOf[i] + " of " + clusterCount);
    }
    this.itemIds = itemIds;
    this.rowOf = new Object2IntOpenHashMap<>(n);
    rowOf.defaultReturnValue(-1);
    for (int i = 0; i < n; i++) {
      if (rowOf.put(itemIds[i], i) != -1) throw new IllegalArgumentException("duplicate item id " + itemIds[i]);
    }
    this.dim = dim;
    this.vectors = vectors;
    this.clusterOf = clusterOf;
    this.clusterCount = clusterCount;
    this.centroids = centroids;
    this.categories = categories;
    this.categoryBits = categoryBits;
    this.stats = stats;
  }

  /**
   * The serving tables: the dataset's items, the window vectors and clusters (matched by item id;
   * items absent there get a zero vector and no cluster), the {@code maxCategories} most frequent
   * categories of the item metadata, and an {@link ItemStats} snapshot covering all the dataset's
   * events ({@code sequences} must be built from {@code dataset}).
   */
  public static RankerTables build(Dataset dataset, UserSequences sequences, ItemVectorFile.Table windowVectors,
      Object2IntMap<String> windowClusters, int maxCategories) {
    FrozenItemStats stats = new PointInTimeReplay(dataset, sequences).freeze();
    return build(dataset, windowVectors, windowClusters, maxCategories, stats);
  }

  /** As {@link #build(Dataset, UserSequences, ItemVectorFile.Table, Object2IntMap, int)}, with the default sequences and vocabulary size. */
  public static RankerTables build(Dataset dataset, ItemVectorFile.Table windowVectors, Object2IntMap<String> windowClusters) {
    UserSequences sequences = UserSequences.of(dataset, UserSequences.defaultPositiveTypes(), ItemOrder.of(dataset.items()));
    return build(dataset, sequences, windowVectors, windowClusters, DEFAULT_MAX_CATEGORIES);
  }

  /** The tables with a given stats snapshot (which must cover the dataset's item rows). */
  public static RankerTables build(Dataset dataset, ItemVectorFile.Table windowVectors, Object2IntMap<String> windowClusters,
      int maxCategories, FrozenItemStats stats) {
    if (maxCategories < 0 || maxCategories > MAX_CATEGORIES_LIMIT) {
      throw new IllegalArgumentException("maxCategories must be in [0, " + MAX_CATEGORIES_LIMIT + "]: " + maxCategories);
    }
    int n = dataset.items().size();
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) ids[i] = dataset.items().id(i);

    int dim = windowVectors.dim();
    Object2IntOpenHashMap<String> windowRow = new Object2IntOpenHashMap<>(windowVectors.ids().length);
    windowRow.defaultReturnValue(-1);
    for (int r = 0; r < windowVectors.ids().length; r++) windowRow.put(windowVectors.ids()[r], r);
    float[] vectors = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int r = windowRow.getInt(ids[i]);
      if (r >= 0) System.arraycopy(windowVectors.data(), r * dim, vectors, i * dim, dim);
      normalise(vectors, i * dim, dim);
    }

    int[] clusterOf = new int[n];
    int clusterCount = 0;
    for (int i = 0; i < n; i++) {
      int c = windowClusters.containsKey(ids[i]) ? windowClusters.getInt(ids[i]) : -1;
      if (c < -1) throw new IllegalArgumentException("item " + ids[i] + " has cluster " + c + " (expected >= -1)");
      clusterOf[i] = c;
      clusterCount = Math.max(clusterCount, c + 1);
    }
    // Centroid: mean of the members' unit vectors, renormalised (an empty or all-zero cluster stays zero).
    float[] centroids = new float[clusterCount * dim];
    for (int i = 0; i < n; i++) {
      int c = clusterOf[i];
      if (c < 0) continue;
      for (int d = 0; d < dim; d++) centroids[c * dim + d] += vectors[i * dim + d];
    }
    for (int c = 0; c < clusterCount; c++) normalise(centroids, c * dim, dim);

    // Vocabulary: categories by number of items carrying them, most first, ties by name (deterministic).
    Map<String, Integer> frequency = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Item meta = dataset.itemMetadata(i);
      if (meta == null) continue;
      for (String c : meta.categories()) frequency.merge(c, 1, Integer::sum);
    }
    List<String> vocabulary = new ArrayList<>(frequency.keySet());
    vocabulary.sort((a, b) -> {
      int c = Integer.compare(frequency.get(b), frequency.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    String[] categories = vocabulary.subList(0, Math.min(maxCategories, vocabulary.size())).toArray(new String[0]);
    Map<String, Integer> categoryIndex = new HashMap<>();
    for (int k = 0; k < categories.length; k++) categoryIndex.put(categories[k], k);
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      Item meta = dataset.itemMetadata(i);
      if (meta == null) continue;
      for (String c : meta.categories()) {
        Integer k = categoryIndex.get(c);
        if (k != null) bits[i] |= 1L << k;
      }
    }
    return new RankerTables(ids, dim, vectors, clusterOf, clusterCount, centroids, categories, bits, stats);
  }

  /** The same tables with another stats snapshot (e.g. one built from the events before a moment). */
  public RankerTables withStats(FrozenItemStats newStats) {
    return new RankerTables(itemIds, dim, vectors, clusterOf, clusterCount, centroids, categories, categoryBits, newStats);
  }

  /** Reads a {@code window-item-clusters.tsv} ({@code itemId\tcluster}, header first) into an id → cluster map (-1 when absent). */
  public static Object2IntOpenHashMap<String> readClusters(Path file) throws IOException {
    Object2IntOpenHashMap<String> out = new Object2IntOpenHashMap<>();
    out.defaultReturnValue(-1);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.equals("itemId\tcluster")) throw new IOException(file + ": expected header 'itemId\\tcluster', got " + header);
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) continue;
        int tab = line.indexOf('\t');
        if (tab <= 0) throw new IOException(file + ":" + lineNo + ": expected itemId<TAB>cluster");
        try {
          out.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1).trim()));
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + lineNo + ": bad cluster '" + line.substring(tab + 1) + "'", e);
        }
      }
    }
    return out;
  }

  public void write(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(itemIds.length);
      out.writeInt(dim);
      for (String id : itemIds) out.writeUTF(id);
      for (float v : vectors) out.writeFloat(v);
      out.writeInt(clusterCount);
      for (int c : clusterOf) out.writeInt(c);
      for (float v : centroids) out.writeFloat(v);
      out.writeInt(categories.length);
      for (String c : categories) out.writeUTF(c);
      for (long b : categoryBits) out.writeLong(b);
      stats.write(out);
    } catch (IOException e) {
      throw new IOException(file + ": cannot write ranker tables: " + e.getMessage(), e);
    }
  }

  public static RankerTables read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a ranker-tables file (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": ranker-tables format " + format + ", this build reads " + FORMAT);
      int n = in.readInt();
      int dim = in.readInt();
      if (n < 0 || dim < 1 || (long) n * dim > Integer.MAX_VALUE - 8) throw new IOException(file + ": implausible header (items " + n + ", dim " + dim + ")");
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) ids[i] = in.readUTF();
      float[] vectors = new float[n * dim];
      for (int i = 0; i < vectors.length; i++) vectors[i] = in.readFloat();
      int clusters = in.readInt();
      if (clusters < 0 || (long) clusters * dim > Integer.MAX_VALUE - 8) throw new IOException(file + ": implausible cluster count " + clusters);
      int[] clusterOf = new int[n];
      for (int i = 0; i < n; i++) clusterOf[i] = in.readInt();
      float[] centroids = new float[clusters * dim];
      for (int i = 0; i < centroids.length; i++) centroids[i] = in.readFloat();
      int cats = in.readInt();
      if (cats < 0 || cats > MAX_CATEGORIES_LIMIT) throw new IOException(file + ": implausible category count " + cats);
      String[] categories = new String[cats];
      for (int k = 0; k < cats; k++) categories[k] = in.readUTF();
      long[] bits = new long[n];
      for (int i = 0; i < n; i++) bits[i] = in.readLong();
      FrozenItemStats stats = FrozenItemStats.read(in, n);
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after the ranker tables");
      return new RankerTables(ids, dim, vectors, clusterOf, clusters, centroids, categories, bits, stats);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated ranker-tables file", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": inconsistent ranker tables: " + e.getMessage(), e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public int itemCount() {
    return itemIds.length;
  }

  /** The item's row, or -1 for an id the tables do not know. */
  public int row(String itemId) {
    return rowOf.getInt(itemId);
  }

  public String itemId(int row) {
    return itemIds[row];
  }

  /** E, the item vectors' dimension. */
  public int dim() {
    return dim;
  }

  /** Copies the item's unit vector (zeros for an item the window models never saw) into {@code out} at {@code offset}. */
  public void copyVector(int row, float[] out, int offset) {
    System.arraycopy(vectors, row * dim, out, offset, dim);
  }

  /** The item's interest cluster, or -1. */
  public int cluster(int row) {
    return clusterOf[row];
  }

  public int clusterCount() {
    return clusterCount;
  }

  /** Copies the cluster's unit centroid into {@code out} at {@code offset}. */
  public void copyCentroid(int cluster, float[] out, int offset) {
    System.arraycopy(centroids, cluster * dim, out, offset, dim);
  }

  /** The category vocabulary, in bit order (most frequent first). */
  public List<String> categories() {
    return List.of(categories);
  }

  /** Bit k set when the item carries vocabulary category k. */
  public long categoryBits(int row) {
    return categoryBits[row];
  }

  /** The serving snapshot of the item statistics, as of the end of the data the tables were built from. */
  public FrozenItemStats stats() {
    return stats;
  }

  float[] vectorsArray() {
    return vectors;
  }

  float[] centroidsArray() {
    return centroids;
  }

  int[] clusterArray() {
    return clusterOf;
  }

  long[] categoryBitsArray() {
    return categoryBits;
  }

  private static void normalise(float[] v, int off, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) s += (double) v[off + d] * v[off + d];
    if (s == 0) return;
    float inv = (float) (1 / Math.sqrt(s));
    for (int d = 0; d < dim; d++) v[off + d] *= inv;
  }
}
