package io.recsys.candidate.index;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.train.Progress;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.knn.KnnSearchStrategy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene HNSW index, for requests that carry filters the per-cluster graphs of {@link HnswItemIndex}
 * cannot apply (categories) and for filters too selective for over-fetching. Supports every
 * {@link SearchFilter}: Lucene applies the filter while it walks the graph (and switches to an exact
 * scan when the filter admits fewer documents than the search asks for), so no result is lost to it.
 *
 * <p><b>Documents</b>: one per row with a {@link KnnFloatVectorField} {@code vector}
 * ({@link VectorSimilarityFunction#DOT_PRODUCT}: the rows are unit length), an {@link IntField}
 * {@code row} (points for the exclusion filter, doc values to map hits back to rows), an
 * {@link IntField} {@code cluster} and a multi-valued {@link KeywordField} {@code category}. The filter
 * query is {@code cluster == c} AND {@code category in {...}} (a term-set query: one or more of them)
 * MINUS {@code row in {...}} ({@link IntField#newSetQuery}, one points query however many rows are
 * excluded).
 *
 * <p><b>Files</b>: a Lucene index directory ({@link FSDirectory}) force-merged to one segment, so a
 * search walks a single graph, with commit user data {@code recsys.index=lucene-item-index},
 * {@code recsys.format=1}, {@code count}, {@code dim}. {@link #open} maps it read-only
 * ({@link MMapDirectory}; the vectors and graph stay off-heap) and reads the doc-to-row map.
 *
 * <p><b>Scores</b>: Lucene reports {@code (1 + dot) / 2} for a unit query, so the query is normalised
 * before the search and scores are mapped back to the inner product with the caller's query. They can
 * differ from {@link ExactItemIndex}'s in the last bits (float rounding of that mapping).
 *
 * <p><b>Beam</b>: Lucene's kNN query uses {@code k} as its beam; a search asks for
 * {@code max(k, numCandidates)} and keeps the best {@code k}, the usual way to buy recall in Lucene
 * ({@link #withNumCandidates} changes it without reopening). Filtered searches use Lucene's filtered
 * graph walk below {@link #DEFAULT_FILTERED_SEARCH_THRESHOLD} percent selectivity.
 *
 * <p>Thread-safe: searches share one {@link IndexSearcher}, which allows any number of concurrent
 * searches. {@link #close} closes the reader; views from {@link #withNumCandidates} share it and
 * their {@code close} does nothing. (Views: {@link #withNumCandidates}, {@link #withFilteredSearchThreshold}.)
 */
public final class LuceneItemIndex implements ItemIndex {
  /**
   * Search beam floor. At 100k x 64, 100 already gives recall@100 0.997 per interest (filtered) and
   * 0.988 for single-interest global queries; 200 adds under 0.006 for 15% more request time.
   */
  public static final int DEFAULT_NUM_CANDIDATES = 100;
  /**
   * Lucene's {@link KnnSearchStrategy.Hnsw} threshold: filters admitting less than this percentage of
   * the documents use the filtered graph walk (which also expands through non-matching neighbours'
   * neighbours) instead of the plain walk that skips non-matching nodes and falls back to an exact
   * scan once it has visited as many nodes as the filter admits. Lucene 10.3 defaults to 0 (never);
   * at 100k x 64 an interest-cluster filter (12.5%) took 6-7 ms with 0 and 0.8 ms with 60, both at
   * recall@100 0.998; a 16% category filter lost 0.025 recall@100 (0.964 to 0.939) for a 1.5x speed-up.
   */
  public static final int DEFAULT_FILTERED_SEARCH_THRESHOLD = 60;

  static final String VECTOR = "vector";
  static final String ROW = "row";
  static final String CLUSTER = "cluster";
  static final String CATEGORY = "category";
  private static final String KIND_KEY = "recsys.index";
  private static final String KIND = "lucene-item-index";
  private static final String FORMAT_KEY = "recsys.format";
  private static final String FORMAT = "1";
  /** Large enough that a 100k catalogue flushes once per indexing thread; bigger ones flush in parts that the final merge joins. */
  private static final double RAM_BUFFER_MB = 256;

  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] rowOfDoc;
  private final int dim;
  private final int numCandidates;
  private final KnnSearchStrategy.Hnsw strategy;
  private final boolean owner;

  private LuceneItemIndex(Directory directory, DirectoryReader reader, IndexSearcher searcher, int[] rowOfDoc, int dim,
      int numCandidates, KnnSearchStrategy.Hnsw strategy, boolean owner) {
    this.directory = directory;
    this.reader = reader;
    this.searcher = searcher;
    this.rowOfDoc = rowOfDoc;
    this.dim = dim;
    this.numCandidates = numCandidates;
    this.strategy = strategy;
    this.owner = owner;
  }

  /**
   * Writes a fresh index of the items into {@code dir} (replacing any index there), merges it to one
   * segment and opens it. Indexing uses every available processor, and so does the HNSW merge.
   *
   * @param categoriesOfRow categories of each row (an entry may be null or empty)
   * @param progress hears {@code count} documents indexed, then {@code 2 * count} when the merge ends
   */
  public static LuceneItemIndex build(ItemVectors normalised, int[] clusterOfRow, String[][] categoriesOfRow, Path dir,
      LuceneIndexConfig config, Progress progress) throws IOException {
    IndexInputs.checkNormalised(normalised);
    int n = normalised.count();
    IndexInputs.clusterCount(clusterOfRow, n);
    IndexInputs.checkCategories(categoriesOfRow, n);
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(progress, "progress");
    int dim = normalised.dim();
    int threads = Runtime.getRuntime().availableProcessors();
    Files.createDirectories(dir);

    ExecutorService mergeExec = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "lucene-hnsw-merge");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      KnnVectorsFormat format = new Lucene99HnswVectorsFormat(config.maxConn(), config.beamWidth(), threads, mergeExec);
      IndexWriterConfig iwc = new IndexWriterConfig();
      iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      // The per-field hook is how Lucene takes HNSW parameters; the codec keeps its name, so any
      // Lucene 10.3 reader opens the index with the default codec.
      iwc.setCodec(new Lucene103Codec() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return format;
        }
      });
      iwc.setRAMBufferSizeMB(RAM_BUFFER_MB);
      TieredMergePolicy mergePolicy = new TieredMergePolicy();
      mergePolicy.setNoCFSRatio(0); // separate files: their sizes are the index's footprint, per part
      iwc.setMergePolicy(mergePolicy);
      try (FSDirectory out = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(out, iwc)) {
        float[] data = normalised.data();
        ParallelWork.run("lucene-index", n, threads, row -> {
          float[] vector = new float[dim];
          System.arraycopy(data, row * dim, vector, 0, dim);
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
          doc.add(new IntField(ROW, row, Field.Store.NO));
          doc.add(new IntField(CLUSTER, clusterOfRow[row], Field.Store.NO));
          String[] cats = categoriesOfRow[row];
          if (cats != null) {
            for (String c : cats) doc.add(new KeywordField(CATEGORY, c, Field.Store.NO));
          }
          writer.addDocument(doc);
        }, progress, 0, 2L * n);
        writer.forceMerge(1);
        writer.setLiveCommitData(Map.of(KIND_KEY, KIND, FORMAT_KEY, FORMAT, "count", Integer.toString(n),
            "dim", Integer.toString(dim)).entrySet());
        writer.commit();
      }
    } finally {
      if (mergeExec != null) mergeExec.shutdownNow();
    }
    progress.update(2L * n, 2L * n);
    return open(dir, dim);
  }

  /**
   * Opens an index {@link #build} wrote, read-only and memory-mapped.
   *
   * @throws IOException naming the directory or file when it is missing, truncated, corrupt, not an
   *     item index, not one segment, or of another dimension
   */
  public static LuceneItemIndex open(Path dir, int dim) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (dim < 1) throw new IllegalArgumentException("dim must be >= 1: " + dim);
    MMapDirectory directory = new MMapDirectory(dir);
    DirectoryReader reader = null;
    try {
      try {
        reader = DirectoryReader.open(directory);
      } catch (IOException | RuntimeException e) {
        throw new IOException(dir + ": cannot open the Lucene item index: " + e.getMessage(), e);
      }
      Map<String, String> meta = reader.getIndexCommit().getUserData();
      if (!KIND.equals(meta.get(KIND_KEY))) throw new IOException(dir + ": not a Lucene item index (commit data " + meta + ")");
      if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
        throw new IOException(dir + ": Lucene item index format " + meta.get(FORMAT_KEY) + ", this build reads " + FORMAT);
      }
      int count = Integer.parseInt(meta.get("count"));
      if (Integer.parseInt(meta.get("dim")) != dim) {
        throw new IOException(dir + ": index of dimension " + meta.get("dim") + ", expected " + dim);
      }
      if (reader.maxDoc() != count || reader.numDocs() != count) {
        throw new IOException(dir + ": holds " + reader.numDocs() + " live of " + reader.maxDoc() + " documents, expected " + count);
      }
      int[] rowOfDoc = new int[count];
      if (count > 0) {
        if (reader.leaves().size() != 1) throw new IOException(dir + ": " + reader.leaves().size() + " segments, expected 1 (force-merged)");
        LeafReader leaf = reader.leaves().get(0).reader();
        FieldInfo vectorField = leaf.getFieldInfos().fieldInfo(VECTOR);
        if (vectorField == null || vectorField.getVectorDimension() != dim
            || vectorField.getVectorSimilarityFunction() != VectorSimilarityFunction.DOT_PRODUCT) {
          throw new IOException(dir + ": field '" + VECTOR + "' is not a " + dim + "-d DOT_PRODUCT vector field");
        }
        readRows(dir, leaf, rowOfDoc);
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      LuceneItemIndex index = new LuceneItemIndex(directory, reader, searcher, rowOfDoc, dim, DEFAULT_NUM_CANDIDATES,
          new KnnSearchStrategy.Hnsw(DEFAULT_FILTERED_SEARCH_THRESHOLD), true);
      reader = null; // owned by the index now
      return index;
    } catch (NumberFormatException e) {
      throw new IOException(dir + ": bad commit data: " + e.getMessage(), e);
    } finally {
      if (reader != null) {
        reader.close();
        directory.close();
      }
    }
  }

  /** Fills the doc-to-row map and checks it is a permutation: every row exactly once. */
  private static void readRows(Path dir, LeafReader leaf, int[] rowOfDoc) throws IOException {
    int n = rowOfDoc.length;
    boolean[] seen = new boolean[n];
    SortedNumericDocValues rows = DocValues.getSortedNumeric(leaf, ROW);
    int docs = 0;
    for (int doc = rows.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = rows.nextDoc()) {
      if (rows.docValueCount() != 1) throw new IOException(dir + ": document " + doc + " has " + rows.docValueCount() + " rows");
      long row = rows.nextValue();
      if (row < 0 || row >= n || seen[(int) row]) throw new IOException(dir + ": document " + doc + " has row " + row + " (out of range or repeated)");
      seen[(int) row] = true;
      rowOfDoc[doc] = (int) row;
      docs++;
    }
    if (docs != n) throw new IOException(dir + ": " + docs + " of " + n + " documents have a row");
  }

  /** The same index searched with beam floor {@code numCandidates}; shares the reader (its close does nothing). */
  public LuceneItemIndex withNumCandidates(int numCandidates) {
    if (numCandidates < 1) throw new IllegalArgumentException("numCandidates must be >= 1: " + numCandidates);
    return new LuceneItemIndex(directory, reader, searcher, rowOfDoc, dim, numCandidates, strategy, false);
  }

  /**
   * The same index with another filtered-search threshold (a percentage, 0 = never use Lucene's
   * filtered graph walk; see {@link #DEFAULT_FILTERED_SEARCH_THRESHOLD}); shares the reader.
   */
  public LuceneItemIndex withFilteredSearchThreshold(int percent) {
    if (percent < 0 || percent > 100) throw new IllegalArgumentException("filteredSearchThreshold must be in 0..100: " + percent);
    return new LuceneItemIndex(directory, reader, searcher, rowOfDoc, dim, numCandidates, new KnnSearchStrategy.Hnsw(percent), false);
  }

  public int numCandidates() {
    return numCandidates;
  }

  public int filteredSearchThreshold() {
    return strategy.filteredSearchThreshold();
  }

  @Override
  public String name() {
    return "lucene";
  }

  @Override
  public int size() {
    return rowOfDoc.length;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public boolean supports(SearchFilter filter) {
    return true;
  }

  @Override
  public void search(float[] query, int k, SearchFilter filter, Neighbours out) {
    IndexInputs.checkSearch(query, dim, k, filter, out);
    out.begin(k);
    if (k == 0 || rowOfDoc.length == 0) {
      out.finish();
      return;
    }
    double norm2 = 0;
    for (float v : query) norm2 += (double) v * v;
    float norm = (float) Math.sqrt(norm2);
    float[] unit = query.clone(); // Lucene keeps a reference to its target: never hand it the caller's array
    if (norm > 0) {
      for (int j = 0; j < unit.length; j++) unit[j] /= norm;
    }
    int fetch = Math.max(k, numCandidates);
    TopDocs top;
    try {
      top = searcher.search(new KnnFloatVectorQuery(VECTOR, unit, fetch, filterQuery(filter), strategy), fetch);
    } catch (IOException e) {
      throw new UncheckedIOException("Lucene item index search failed", e);
    }
    for (ScoreDoc hit : top.scoreDocs) {
      // DOT_PRODUCT score = (1 + dot) / 2 for the unit query; back to the caller's inner product.
      out.offer(rowOfDoc[hit.doc], (2 * hit.score - 1) * norm);
    }
    out.finish();
  }

  /** The filter as a Lucene query, or null when nothing is restricted. */
  static Query filterQuery(SearchFilter filter) {
    if (!filter.hasCluster() && !filter.hasCategories() && !filter.hasExclusions()) return null;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean positive = false;
    if (filter.hasCluster()) {
      b.add(IntField.newExactQuery(CLUSTER, filter.cluster()), Occur.FILTER);
      positive = true;
    }
    if (filter.hasCategories()) {
      List<BytesRef> terms = new ArrayList<>(filter.categories().size());
      for (String c : filter.categories()) terms.add(new BytesRef(c));
      b.add(KeywordField.newSetQuery(CATEGORY, terms), Occur.FILTER);
      positive = true;
    }
    if (filter.hasExclusions()) {
      IntSet excluded = filter.excludedRows();
      int[] rows = new int[excluded.size()];
      int i = 0;
      for (IntIterator it = excluded.iterator(); it.hasNext(); ) rows[i++] = it.nextInt();
      b.add(IntField.newSetQuery(ROW, rows), Occur.MUST_NOT);
    }
    // A query of only MUST_NOT clauses matches nothing; exclusions subtract from "all documents".
    if (!positive) b.add(new MatchAllDocsQuery(), Occur.FILTER);
    return b.build();
  }

  /** Bytes of the index files on disk (mapped, not on the heap). */
  public long diskBytes() throws IOException {
    long total = 0;
    for (String file : directory.listAll()) total += directory.fileLength(file);
    return total;
  }

  @Override
  public void close() {
    if (!owner) return;
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the Lucene item index", e);
    }
  }
}
