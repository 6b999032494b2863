package io.recsys.candidate.index;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.ObjectSerializer;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.train.Progress;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.util.VectorUtil;

/**
 * HNSW graphs from hnswlib-core ({@code com.github.jelmerk.hnswlib}): one graph per interest cluster,
 * because kNN-Embed queries one mixture component at a time (METHODS §1, {@code ClusterScopedAnn}) and
 * a graph of only that cluster's items answers such a query at full recall without filtering, plus
 * one global graph over all items for queries with cluster -1. Supports the cluster and
 * excluded-rows parts of a {@link SearchFilter}, not categories ({@link LuceneItemIndex} does).
 *
 * <p><b>Exclusions.</b> hnswlib 1.2.1 has no filtered search, so a search fetches
 * {@code k + |excluded ∩ scope|} neighbours and drops the excluded ones: even if every excluded row
 * of the scope is among the fetched, {@code k} remain. The cost grows with the exclusions that fall
 * into the searched cluster (a user's seen items), not with the catalogue.
 *
 * <p><b>Scores.</b> The graphs rank by {@code 1 - dot} (a Lucene SIMD dot product, see
 * {@link DotProductDistance}); results are re-scored with the same dot product as
 * {@link ExactItemIndex}, so approximate and exact scores of a row are bit-identical and ties break by
 * row as the {@link ItemIndex} contract says.
 *
 * <p><b>Beam.</b> hnswlib searches with {@code max(ef, k)}; the graphs keep ef = 1 and every search
 * asks for {@code max(config ef, needed)} results, so the beam is a property of this object, not of
 * the shared graphs, and {@link #withEf} can give another beam over the same graphs without a rebuild.
 *
 * <p><b>Build.</b> Insertion runs on {@link HnswConfig#effectiveThreads} threads over all graphs at
 * once. hnswlib draws node levels from {@code ThreadLocalRandom} and threads interleave inserts, so
 * two builds of the same data give slightly different graphs (not seedable); a saved index reloads
 * to identical results.
 *
 * <p><b>Files</b> ({@link #save}, {@link #load}): a directory holding {@code manifest.bin}
 * (big-endian: {@code "RSHN"} magic, int format 1, ints count, dim, clusters, m, efConstruction, ef,
 * then one int size per cluster), {@code global.hnsw} and {@code cluster-NNNN.hnsw} (hnswlib's Java
 * serialisation, with items written as their row only: vectors are not stored twice but taken from
 * the {@link ItemVectors} given to {@link #load}). Loading reads graphs through an
 * {@link ObjectInputFilter} that admits only the classes an index holds, and checks that every graph
 * holds exactly the rows the given cluster assignment puts in it.
 *
 * <p>Immutable after build or load; thread-safe. hnswlib lends each search a visited-set from a pool
 * sized to the processor count at build/load time, so beyond that many concurrent searches of one
 * graph a search waits for a free one.
 */
public final class HnswItemIndex implements ItemIndex {
  private static final int MAGIC = 0x5253484E; // "RSHN"
  private static final int FORMAT = 1;
  static final String MANIFEST = "manifest.bin";
  static final String GLOBAL = "global.hnsw";

  /** What a graph file may contain: hnswlib's index, this package's helpers, the natural-order comparator. */
  private static final ObjectInputFilter GRAPH_CLASSES = ObjectInputFilter.Config.createFilter(
      "com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;io.recsys.candidate.index.*;"
          + "java.util.Comparators$NaturalOrderComparator;java.lang.Enum;!*");

  private final HnswIndex<Integer, float[], RowItem, Float> global;
  private final HnswIndex<Integer, float[], RowItem, Float>[] clusters;
  private final int[] clusterOfRow;
  private final int[] clusterSize;
  private final int dim;
  private final HnswConfig config;

  private HnswItemIndex(HnswIndex<Integer, float[], RowItem, Float> global, HnswIndex<Integer, float[], RowItem, Float>[] clusters,
      int[] clusterOfRow, int[] clusterSize, int dim, HnswConfig config) {
    this.global = global;
    this.clusters = clusters;
    this.clusterOfRow = clusterOfRow;
    this.clusterSize = clusterSize;
    this.dim = dim;
    this.config = config;
  }

  /**
   * Builds the global graph and one graph per cluster.
   *
   * @param normalised unit (or zero) item vectors, row = item index
   * @param clusterOfRow interest cluster of each row (>= 0); clusters are {@code 0..max}
   * @param progress hears inserted items of {@code 2 * count} (each item goes into two graphs)
   */
  public static HnswItemIndex build(ItemVectors normalised, int[] clusterOfRow, HnswConfig config, Progress progress) {
    IndexInputs.checkNormalised(normalised);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(progress, "progress");
    int n = normalised.count();
    int dim = normalised.dim();
    int clusterCount = IndexInputs.clusterCount(clusterOfRow, n);
    int[] clusters = clusterOfRow.clone();
    int[] sizes = new int[clusterCount];
    for (int c : clusters) if (c != IndexInputs.UNASSIGNED) sizes[c]++;

    float[][] vectors = IndexInputs.rowArrays(normalised);
    RowItem[] items = new RowItem[n];
    for (int row = 0; row < n; row++) items[row] = new RowItem(row, vectors[row]);

    HnswIndex<Integer, float[], RowItem, Float> global = newGraph(dim, n, config);
    HnswIndex<Integer, float[], RowItem, Float>[] graphs = newGraphArray(clusterCount);
    for (int c = 0; c < clusterCount; c++) graphs[c] = newGraph(dim, sizes[c], config);

    // Units 0..n-1 insert into the global graph, n..2n-1 into the item's cluster graph; one pool for both.
    try {
      ParallelWork.run("hnsw-build", 2 * n, config.effectiveThreads(), unit -> {
        if (unit < n) {
          insert(global, items[unit]);
        } else {
          RowItem item = items[unit - n];
          if (clusters[item.row] != IndexInputs.UNASSIGNED) insert(graphs[clusters[item.row]], item);
        }
      }, progress, 0, 2L * n);
    } catch (IOException e) {
      throw new IllegalStateException("HNSW build failed", e); // no unit does I/O
    }
    return new HnswItemIndex(global, graphs, clusters, sizes, dim, config);
  }

  private static void insert(HnswIndex<Integer, float[], RowItem, Float> graph, RowItem item) {
    if (!graph.add(item)) throw new IllegalStateException("hnswlib refused row " + item.row + " (already present)");
  }

  private static HnswIndex<Integer, float[], RowItem, Float> newGraph(int dim, int capacity, HnswConfig config) {
    // ef = 1: the beam is passed per search as the result count (see the class comment).
    return HnswIndex.newBuilder(dim, DotProductDistance.INSTANCE, Math.max(1, capacity))
        .withM(config.m())
        .withEfConstruction(config.efConstruction())
        .withEf(1)
        .withCustomSerializers(RowIdSerializer.INSTANCE, RowItemSerializer.INSTANCE)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static HnswIndex<Integer, float[], RowItem, Float>[] newGraphArray(int n) {
    return (HnswIndex<Integer, float[], RowItem, Float>[]) new HnswIndex<?, ?, ?, ?>[n];
  }

  /** The same graphs searched with beam {@code ef}; shares everything with this index (closing either is a no-op). */
  public HnswItemIndex withEf(int ef) {
    return new HnswItemIndex(global, clusters, clusterOfRow, clusterSize, dim, config.withEf(ef));
  }

  public HnswConfig config() {
    return config;
  }

  /** Number of per-cluster graphs (max cluster id + 1). */
  public int clusterCount() {
    return clusters.length;
  }

  @Override
  public String name() {
    return "hnswlib";
  }

  @Override
  public int size() {
    return clusterOfRow.length;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public boolean supports(SearchFilter filter) {
    return !filter.hasCategories();
  }

  @Override
  public void search(float[] query, int k, SearchFilter filter, Neighbours out) {
    IndexInputs.checkSearch(query, dim, k, filter, out);
    if (filter.hasCategories()) {
      throw new UnsupportedOperationException("the hnswlib index cannot filter by categories; use the Lucene index");
    }
    out.begin(k);
    int cluster = filter.cluster();
    if (k == 0 || cluster >= clusters.length) {
      out.finish();
      return;
    }
    HnswIndex<Integer, float[], RowItem, Float> graph = cluster < 0 ? global : clusters[cluster];
    int scopeSize = cluster < 0 ? clusterOfRow.length : clusterSize[cluster];
    IntSet excluded = filter.excludedRows();
    int fetch = (int) Math.min(scopeSize, (long) k + excludedInScope(excluded, cluster));
    if (fetch == 0) {
      out.finish();
      return;
    }
    List<SearchResult<RowItem, Float>> found = graph.findNearest(query, Math.max(config.ef(), fetch));
    boolean checkExcluded = !excluded.isEmpty();
    for (int i = 0, n = found.size(); i < n; i++) {
      RowItem item = found.get(i).item();
      if (checkExcluded && excluded.contains(item.row)) continue;
      out.offer(item.row, VectorUtil.dotProduct(query, item.vector));
    }
    out.finish();
  }

  private int excludedInScope(IntSet excluded, int cluster) {
    if (excluded.isEmpty()) return 0;
    int n = 0;
    for (IntIterator it = excluded.iterator(); it.hasNext(); ) {
      int row = it.nextInt();
      if (row >= 0 && row < clusterOfRow.length && (cluster < 0 || clusterOfRow[row] == cluster)) n++;
    }
    return n;
  }

  /** Nothing to release: the graphs live on the heap and go with the last reference. */
  @Override
  public void close() {}

  /** Writes the manifest and every graph into {@code dir} (created if missing); see the class comment. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    writeGraph(global, dir.resolve(GLOBAL));
    for (int c = 0; c < clusters.length; c++) writeGraph(clusters[c], dir.resolve(clusterFile(c)));
    // The manifest goes last: a directory without one is an interrupted save, and load says so.
    try (OutputStream os = Files.newOutputStream(dir.resolve(MANIFEST));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(clusterOfRow.length);
      out.writeInt(dim);
      out.writeInt(clusters.length);
      out.writeInt(config.m());
      out.writeInt(config.efConstruction());
      out.writeInt(config.ef());
      for (int size : clusterSize) out.writeInt(size);
    }
  }

  private static void writeGraph(HnswIndex<Integer, float[], RowItem, Float> graph, Path file) throws IOException {
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      graph.save(os);
    }
  }

  static String clusterFile(int cluster) {
    return String.format("cluster-%04d.hnsw", cluster);
  }

  /**
   * Loads what {@link #save} wrote. {@code normalised} and {@code clusterOfRow} must be the ones the
   * index was built from: counts, dimension and every graph's membership are checked.
   *
   * @throws IOException naming the file when one is missing, truncated, corrupt or does not match
   */
  public static HnswItemIndex load(Path dir, ItemVectors normalised, int[] clusterOfRow) throws IOException {
    IndexInputs.checkNormalised(normalised);
    int n = normalised.count();
    int clusterCount = IndexInputs.clusterCount(clusterOfRow, n);
    Path manifest = dir.resolve(MANIFEST);
    int dim;
    int[] sizes;
    HnswConfig config;
    try (InputStream is = Files.newInputStream(manifest);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      if (in.readInt() != MAGIC) throw new IOException(manifest + ": not an HNSW index manifest (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(manifest + ": HNSW index format " + format + ", this build reads " + FORMAT);
      int count = in.readInt();
      dim = in.readInt();
      int savedClusters = in.readInt();
      config = new HnswConfig(in.readInt(), in.readInt(), in.readInt(), HnswConfig.DEFAULT_THREADS);
      if (count != n || dim != normalised.dim()) {
        throw new IOException(manifest + ": index of " + count + " x " + dim + " items, the given vectors are "
            + n + " x " + normalised.dim());
      }
      if (savedClusters != clusterCount) {
        throw new IOException(manifest + ": index has " + savedClusters + " clusters, the given assignment " + clusterCount);
      }
      sizes = new int[clusterCount];
      for (int c = 0; c < clusterCount; c++) sizes[c] = in.readInt();
      if (in.read() != -1) throw new IOException(manifest + ": trailing bytes");
    } catch (NoSuchFileException e) {
      throw new IOException(manifest + ": missing (not an HNSW index directory, or an interrupted save)", e);
    } catch (EOFException e) {
      throw new IOException(manifest + ": truncated", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(manifest + ": invalid settings: " + e.getMessage(), e);
    }
    int[] clusters = clusterOfRow.clone();
    int[] given = new int[clusterCount];
    for (int c : clusters) if (c != IndexInputs.UNASSIGNED) given[c]++;
    for (int c = 0; c < clusterCount; c++) {
      if (given[c] != sizes[c]) {
        throw new IOException(manifest + ": cluster " + c + " holds " + sizes[c] + " items, the given assignment " + given[c]);
      }
    }

    float[][] vectors = IndexInputs.rowArrays(normalised);
    HnswIndex<Integer, float[], RowItem, Float> global = readGraph(dir.resolve(GLOBAL), vectors, dim, n, -1, clusters);
    HnswIndex<Integer, float[], RowItem, Float>[] graphs = newGraphArray(clusterCount);
    for (int c = 0; c < clusterCount; c++) graphs[c] = readGraph(dir.resolve(clusterFile(c)), vectors, dim, sizes[c], c, clusters);
    return new HnswItemIndex(global, graphs, clusters, sizes, dim, config);
  }

  @SuppressWarnings("unchecked")
  private static HnswIndex<Integer, float[], RowItem, Float> readGraph(Path file, float[][] vectors, int dim, int expectedSize,
      int cluster, int[] clusterOfRow) throws IOException {
    HnswIndex<Integer, float[], RowItem, Float> graph;
    RowItemSerializer.LOADING.set(vectors);
    try (InputStream is = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        ObjectInputStream in = new ObjectInputStream(is)) {
      in.setObjectInputFilter(GRAPH_CLASSES);
      graph = (HnswIndex<Integer, float[], RowItem, Float>) in.readObject();
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": missing", e);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated HNSW graph", e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new IOException(file + ": unreadable HNSW graph (" + e + ")", e);
    } finally {
      RowItemSerializer.LOADING.remove();
    }
    if (graph.getDimensions() != dim) throw new IOException(file + ": graph of dimension " + graph.getDimensions() + ", expected " + dim);
    if (graph.size() != expectedSize) throw new IOException(file + ": graph holds " + graph.size() + " items, expected " + expectedSize);
    if (cluster >= 0) {
      for (RowItem item : graph.items()) {
        if (clusterOfRow[item.row] != cluster) {
          throw new IOException(file + ": holds row " + item.row + " of cluster " + clusterOfRow[item.row]
              + " in the given assignment, not " + cluster);
        }
      }
    }
    return graph;
  }

  /** An hnswlib item: the row and its vector (the same array in the global and the cluster graph). */
  static final class RowItem implements Item<Integer, float[]> {
    @Serial private static final long serialVersionUID = 1L;
    final int row;
    final float[] vector;

    RowItem(int row, float[] vector) {
      this.row = row;
      this.vector = vector;
    }

    @Override
    public Integer id() {
      return row;
    }

    @Override
    public float[] vector() {
      return vector;
    }

    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  /**
   * {@code 1 - dot(u, v)} through Lucene's {@link VectorUtil#dotProduct} (SIMD with the Panama vector
   * module): hnswlib's own inner product is a scalar loop, and the distance is the graph's whole inner loop.
   */
  static final class DotProductDistance implements DistanceFunction<float[], Float> {
    @Serial private static final long serialVersionUID = 1L;
    static final DotProductDistance INSTANCE = new DotProductDistance();

    private DotProductDistance() {}

    @Override
    public Float distance(float[] u, float[] v) {
      return 1f - VectorUtil.dotProduct(u, v);
    }

    @Serial
    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Row ids as plain ints. */
  static final class RowIdSerializer implements ObjectSerializer<Integer> {
    @Serial private static final long serialVersionUID = 1L;
    static final RowIdSerializer INSTANCE = new RowIdSerializer();

    private RowIdSerializer() {}

    @Override
    public void write(Integer id, ObjectOutput out) throws IOException {
      out.writeInt(id);
    }

    @Override
    public Integer read(ObjectInput in) throws IOException {
      return in.readInt();
    }

    @Serial
    private Object readResolve() {
      return INSTANCE;
    }
  }

  /**
   * Items as their row only. hnswlib calls {@link #read} deep inside its own deserialisation with no
   * way to pass context, so {@link HnswItemIndex#load} lends the vectors through {@link #LOADING} on the
   * loading thread for the duration of one graph read.
   */
  static final class RowItemSerializer implements ObjectSerializer<RowItem> {
    @Serial private static final long serialVersionUID = 1L;
    static final RowItemSerializer INSTANCE = new RowItemSerializer();
    static final ThreadLocal<float[][]> LOADING = new ThreadLocal<>();

    private RowItemSerializer() {}

    @Override
    public void write(RowItem item, ObjectOutput out) throws IOException {
      out.writeInt(item.row);
    }

    @Override
    public RowItem read(ObjectInput in) throws IOException {
      float[][] vectors = LOADING.get();
      if (vectors == null) throw new IOException("HNSW graphs are read only through HnswItemIndex.load");
      int row = in.readInt();
      if (row < 0 || row >= vectors.length) throw new IOException("graph item row " + row + " outside 0.." + (vectors.length - 1));
      return new RowItem(row, vectors[row]);
    }

    @Serial
    private Object readResolve() {
      return INSTANCE;
    }
  }
}
