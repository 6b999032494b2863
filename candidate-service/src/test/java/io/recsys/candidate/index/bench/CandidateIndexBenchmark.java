package io.recsys.candidate.index.bench;

import io.recsys.candidate.index.ClusteredVectors;
import io.recsys.candidate.index.ExactItemIndex;
import io.recsys.candidate.index.HnswConfig;
import io.recsys.candidate.index.HnswItemIndex;
import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.index.LuceneIndexConfig;
import io.recsys.candidate.index.LuceneItemIndex;
import io.recsys.candidate.index.Neighbours;
import io.recsys.candidate.index.RecallMeter;
import io.recsys.candidate.index.SearchFilter;
import io.recsys.core.train.Progress;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The candidates benchmark ({@code ./recsys bench candidates}): builds the exact, hnswlib and Lucene
 * indexes over {@code items x dim} seeded clustered unit vectors (8 interests) and measures, side by
 * side in one run: build time, memory (retained heap after GC; Lucene also its mapped files),
 * recall@100 against exact, and latency percentiles (HdrHistogram, after warm-up, one thread) of
 *
 * <ul>
 *   <li>the kNN-Embed request: a user with a random mixture over all 8 interests (Dirichlet(1)), a
 *       budget of 500 split by largest remainder, one cluster-filtered query per interest with a
 *       non-zero share (METHODS §1), union of the results — total time per request;
 *   <li>a single global query for k = 500 (the single-vector ANN baseline);
 *   <li>a global k = 100 query restricted to one category (exact and Lucene; hnswlib cannot).
 * </ul>
 *
 * hnswlib is measured at several search beams (ef) and Lucene at several beam floors
 * (numCandidates) over the same graphs, which is what the defaults were chosen from.
 *
 * <p>The catalogue ({@link ClusteredVectors}) varies within each interest along {@code rank} (16)
 * directions, like learned embeddings; {@code rank=64} makes it isotropic noise, the hardest case.
 *
 * <p>A main, not a test. Arguments: {@code [items=100000] [dim=64] [queries=2000]} positionally, then
 * optional {@code key=value}: {@code indexes=exact,hnsw,lucene}, {@code m=16}, {@code efc=200},
 * {@code ef=100,200}, {@code nc=100,200}, {@code fst=60} (Lucene filtered-search thresholds), {@code clusters=8}, {@code rank=16}, {@code noise=1.0}, {@code budget=500},
 * {@code warmup=300}, {@code threads=0} (build threads, 0 = all). {@code queries=0} only builds (for
 * timing large builds, e.g. {@code 1000000 64 0 indexes=hnsw efc=100}).
 */
public final class CandidateIndexBenchmark {
  private static final long SEED = 20_26;

  private CandidateIndexBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = parse(args);
    int items = Integer.parseInt(opt.get("items"));
    int dim = Integer.parseInt(opt.get("dim"));
    int queries = Integer.parseInt(opt.get("queries"));
    int clusters = Integer.parseInt(opt.get("clusters"));
    double noise = Double.parseDouble(opt.get("noise"));
    int rank = Integer.parseInt(opt.get("rank"));
    int budget = Integer.parseInt(opt.get("budget"));
    int warmup = Math.min(Integer.parseInt(opt.get("warmup")), Math.max(queries, 1));
    Set<String> indexes = Set.of(opt.get("indexes").split(","));
    HnswConfig hnswConfig = new HnswConfig(Integer.parseInt(opt.get("m")), Integer.parseInt(opt.get("efc")),
        HnswConfig.DEFAULT_EF, Integer.parseInt(opt.get("threads")));
    int[] efs = ints(opt.get("ef"));
    int[] ncs = ints(opt.get("nc"));
    int[] fsts = ints(opt.get("fst"));

    System.out.printf(Locale.ROOT, "candidates benchmark: %d items x %d dims, %d interests, variation rank %d norm %.2f, %d requests (budget %d), warm-up %d%n",
        items, dim, clusters, Math.min(rank, dim), noise, queries, budget, warmup);
    System.out.printf(Locale.ROOT, "machine: java %s (%s), %d cpus, max heap %d MB, Panama vector module %s%n",
        Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off (add --add-modules jdk.incubator.vector)");

    long t0 = System.nanoTime();
    ClusteredVectors data = ClusteredVectors.generate(items, dim, clusters, Math.min(rank, dim), noise, 12, SEED);
    System.out.printf(Locale.ROOT, "generated in %.1f s%n", secondsSince(t0));

    List<Row> rows = new ArrayList<>();
    ExactItemIndex exact = null;
    long before = usedHeap();
    t0 = System.nanoTime();
    if (indexes.contains("exact") || queries > 0) {
      exact = new ExactItemIndex(data.vectors(), data.clusterOfRow(), data.categoriesOfRow());
      double s = secondsSince(t0);
      rows.add(new Row("exact", s, usedHeap() - before, 0, exact));
      System.out.printf(Locale.ROOT, "exact: built in %.2f s%n", s);
    }

    HnswItemIndex hnsw = null;
    if (indexes.contains("hnsw")) {
      before = usedHeap();
      t0 = System.nanoTime();
      hnsw = HnswItemIndex.build(data.vectors(), data.clusterOfRow(), hnswConfig, printer("hnswlib build", 2L * items));
      double s = secondsSince(t0);
      long heap = usedHeap() - before;
      System.out.printf(Locale.ROOT, "hnswlib: built in %.1f s (m %d, efConstruction %d, %d threads; global + %d cluster graphs), heap %.0f MB%n",
          s, hnswConfig.m(), hnswConfig.efConstruction(), hnswConfig.effectiveThreads(), hnsw.clusterCount(), heap / 1e6);
      for (int ef : efs) rows.add(new Row("hnswlib ef=" + ef, s, heap, 0, hnsw.withEf(ef)));
    }

    LuceneItemIndex lucene = null;
    Path luceneDir = null;
    if (indexes.contains("lucene")) {
      luceneDir = Files.createTempDirectory("candidates-bench-lucene");
      before = usedHeap();
      t0 = System.nanoTime();
      lucene = LuceneItemIndex.build(data.vectors(), data.clusterOfRow(), data.categoriesOfRow(), luceneDir,
          LuceneIndexConfig.defaults(), printer("lucene build", 2L * items));
      double s = secondsSince(t0);
      long heap = usedHeap() - before;
      long disk = lucene.diskBytes();
      System.out.printf(Locale.ROOT, "lucene: built in %.1f s (maxConn %d, beamWidth %d), heap %.0f MB, files %.0f MB%n", s,
          LuceneIndexConfig.DEFAULT_MAX_CONN, LuceneIndexConfig.DEFAULT_BEAM_WIDTH, heap / 1e6, disk / 1e6);
      for (int nc : ncs) {
        for (int fst : fsts) {
          rows.add(new Row("lucene nc=" + nc + (fsts.length > 1 ? " fst=" + fst : ""), s, heap, disk,
              lucene.withNumCandidates(nc).withFilteredSearchThreshold(fst)));
        }
      }
    }

    try {
      if (queries > 0) measure(data, exact, rows, queries, warmup, budget);
    } finally {
      if (lucene != null) lucene.close();
      if (luceneDir != null) deleteTree(luceneDir);
    }
  }

  /** One index configuration's line in the table. */
  private static final class Row {
    final String name;
    final double buildSeconds;
    final long heapBytes;
    final long diskBytes;
    final ItemIndex index;
    double recallMixture100 = Double.NaN;
    double recallSingle100 = Double.NaN;
    double recallCluster100 = Double.NaN;
    double requestRecall = Double.NaN;
    double recallGlobal500 = Double.NaN;
    Histogram request;
    Histogram global;
    Histogram category;

    Row(String name, double buildSeconds, long heapBytes, long diskBytes, ItemIndex index) {
      this.name = name;
      this.buildSeconds = buildSeconds;
      this.heapBytes = heapBytes;
      this.diskBytes = diskBytes;
      this.index = index;
    }
  }

  /** One kNN-Embed request: the user vector and the per-interest budget. */
  private record Request(float[] user, int[] budget) {}

  private static void measure(ClusteredVectors data, ExactItemIndex exact, List<Row> rows, int queries, int warmup, int budget) {
    int clusters = data.centres().length;
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    Request[] requests = new Request[queries + warmup];
    for (int i = 0; i < requests.length; i++) {
      double[] w = dirichletOne(clusters, rnd);
      requests[i] = new Request(data.userVector(w, rnd), largestRemainder(w, budget));
    }
    SearchFilter categoryFilter = SearchFilter.categories(Set.of("cat-3"));

    // Reference answers for the measured requests, from the exact index, outside any timing.
    IntOpenHashSet[] exactUnion = new IntOpenHashSet[queries];
    IntOpenHashSet[] exactGlobal = new IntOpenHashSet[queries];
    Neighbours big = new Neighbours(budget);
    for (int i = 0; i < queries; i++) {
      Request r = requests[warmup + i];
      exactUnion[i] = new IntOpenHashSet(budget);
      for (int c = 0; c < clusters; c++) {
        if (r.budget[c] == 0) continue;
        exact.search(r.user, r.budget[c], SearchFilter.cluster(c), big);
        for (int j = 0; j < big.size(); j++) exactUnion[i].add(big.row(j));
      }
      exact.search(r.user, budget, SearchFilter.NONE, big);
      exactGlobal[i] = new IntOpenHashSet(big.toRowArray());
    }
    // Recall@100 references: 8-interest users (the requests' own), single-interest users (a one-hot
    // mixture: a user or item-to-item query that sits inside one interest), and per-interest queries.
    int recallQueries = Math.min(queries, 500);
    float[][] mixtureUsers = new float[recallQueries][];
    float[][] singleUsers = new float[recallQueries][];
    for (int i = 0; i < recallQueries; i++) {
      mixtureUsers[i] = requests[warmup + i].user;
      double[] oneHot = new double[clusters];
      oneHot[rnd.nextInt(clusters)] = 1;
      singleUsers[i] = data.userVector(oneHot, rnd);
    }
    Neighbours hundred = new Neighbours(100);
    int[][] truthMixture = topRows(exact, mixtureUsers, SearchFilter.NONE, hundred);
    int[][] truthSingle = topRows(exact, singleUsers, SearchFilter.NONE, hundred);
    int[][][] truthCluster = new int[clusters][][];
    for (int c = 0; c < clusters; c++) truthCluster[c] = topRows(exact, mixtureUsers, SearchFilter.cluster(c), hundred);

    for (Row row : rows) {
      ItemIndex index = row.index;
      Neighbours out = new Neighbours(budget);
      int[] merged = new int[budget];
      // Warm-up: the same mix of calls, not recorded.
      for (int i = 0; i < warmup; i++) {
        runRequest(index, requests[i], out, merged, clusters);
        index.search(requests[i].user, budget, SearchFilter.NONE, out);
        if (index.supports(categoryFilter)) index.search(requests[i].user, 100, categoryFilter, out);
      }
      row.request = new Histogram(60_000_000_000L, 3);
      row.global = new Histogram(60_000_000_000L, 3);
      row.category = index.supports(categoryFilter) ? new Histogram(60_000_000_000L, 3) : null;
      double requestRecall = 0;
      double global500 = 0;
      for (int i = 0; i < queries; i++) {
        Request r = requests[warmup + i];
        long t = System.nanoTime();
        int n = runRequest(index, r, out, merged, clusters);
        row.request.recordValue(System.nanoTime() - t);
        requestRecall += overlap(merged, n, exactUnion[i]) / (double) exactUnion[i].size();

        t = System.nanoTime();
        index.search(r.user, budget, SearchFilter.NONE, out);
        row.global.recordValue(System.nanoTime() - t);
        global500 += overlap(out.toRowArray(), out.size(), exactGlobal[i]) / (double) exactGlobal[i].size();

        if (row.category != null) {
          t = System.nanoTime();
          index.search(r.user, 100, categoryFilter, out);
          row.category.recordValue(System.nanoTime() - t);
        }
      }
      row.requestRecall = requestRecall / queries;
      row.recallGlobal500 = global500 / queries;
      row.recallMixture100 = recall(index, mixtureUsers, SearchFilter.NONE, truthMixture, hundred);
      row.recallSingle100 = recall(index, singleUsers, SearchFilter.NONE, truthSingle, hundred);
      double cluster100 = 0;
      for (int c = 0; c < clusters; c++) cluster100 += recall(index, mixtureUsers, SearchFilter.cluster(c), truthCluster[c], hundred);
      row.recallCluster100 = cluster100 / clusters;
      System.out.printf(Locale.ROOT, "  measured %-16s request p50 %.3f ms, global k=%d p50 %.3f ms, recall@100 per interest %.4f%n", row.name,
          ms(row.request, 50), budget, ms(row.global, 50), row.recallCluster100);
    }
    printTable(rows, budget);
  }

  private static int[][] topRows(ItemIndex index, float[][] queries, SearchFilter filter, Neighbours out) {
    int[][] rows = new int[queries.length][];
    for (int i = 0; i < queries.length; i++) {
      index.search(queries[i], out.capacity(), filter, out);
      rows[i] = out.toRowArray();
    }
    return rows;
  }

  /** Mean recall against precomputed exact answers (the exact index is not searched again per row). */
  private static double recall(ItemIndex index, float[][] queries, SearchFilter filter, int[][] truth, Neighbours out) {
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < queries.length; i++) {
      if (truth[i].length == 0) continue;
      index.search(queries[i], out.capacity(), filter, out);
      sum += RecallMeter.overlap(out.toRowArray(), truth[i].clone()) / (double) truth[i].length;
      counted++;
    }
    return counted == 0 ? 1.0 : sum / counted;
  }

  /** kNN-Embed: one cluster-scoped query per interest with a non-zero budget, results concatenated (clusters are disjoint). */
  private static int runRequest(ItemIndex index, Request r, Neighbours out, int[] merged, int clusters) {
    int n = 0;
    for (int c = 0; c < clusters; c++) {
      int k = r.budget[c];
      if (k == 0) continue;
      index.search(r.user, k, SearchFilter.cluster(c), out);
      for (int j = 0; j < out.size(); j++) merged[n++] = out.row(j);
    }
    return n;
  }

  private static int overlap(int[] rows, int n, IntOpenHashSet truth) {
    int hit = 0;
    for (int i = 0; i < n; i++) {
      if (truth.contains(rows[i])) hit++;
    }
    return hit;
  }

  /** A Dirichlet(1, ..., 1) draw: normalised unit exponentials (a smoothed mixture: every interest has some weight). */
  private static double[] dirichletOne(int n, SplittableRandom rnd) {
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = -Math.log(1 - rnd.nextDouble());
      sum += w[i];
    }
    for (int i = 0; i < n; i++) w[i] /= sum;
    return w;
  }

  /** Largest-remainder rounding of {@code total * weights}: integer shares summing to {@code total}. */
  static int[] largestRemainder(double[] weights, int total) {
    int n = weights.length;
    int[] share = new int[n];
    double[] rest = new double[n];
    int given = 0;
    for (int i = 0; i < n; i++) {
      double exact = total * weights[i];
      share[i] = (int) Math.floor(exact);
      rest[i] = exact - share[i];
      given += share[i];
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -rest[i]).thenComparingInt(i -> i));
    for (int i = 0; given < total; i++, given++) share[order[i % n]]++;
    return share;
  }

  private static void printTable(List<Row> rows, int budget) {
    Row exact = rows.stream().filter(r -> r.name.equals("exact")).findFirst().orElseThrow();
    System.out.println();
    System.out.println("| index | build s | heap MB | files MB | recall@100 per interest | recall@100 global, 1-interest users"
        + " | recall@100 global, 8-interest users | request recall (K=" + budget + ") | request p50 / p90 / p99 / max ms"
        + " | request p50, p99 vs exact | global k=" + budget + " recall | global k=" + budget + " p50 / p99 / max ms"
        + " | global p50, p99 vs exact | category k=100 p50 / p99 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|---|");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT,
          "| %s | %.1f | %.0f | %s | %.4f | %.4f | %.4f | %.4f | %.3f / %.3f / %.3f / %.3f | %.2fx, %.2fx | %.4f | %.3f / %.3f / %.3f | %.2fx, %.2fx | %s |%n",
          r.name, r.buildSeconds, r.heapBytes / 1e6, r.diskBytes == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.diskBytes / 1e6),
          r.recallCluster100, r.recallSingle100, r.recallMixture100, r.requestRecall,
          ms(r.request, 50), ms(r.request, 90), ms(r.request, 99), r.request.getMaxValue() / 1e6,
          ms(r.request, 50) / ms(exact.request, 50), ms(r.request, 99) / ms(exact.request, 99),
          r.recallGlobal500, ms(r.global, 50), ms(r.global, 99), r.global.getMaxValue() / 1e6,
          ms(r.global, 50) / ms(exact.global, 50), ms(r.global, 99) / ms(exact.global, 99),
          r.category == null ? "unsupported" : String.format(Locale.ROOT, "%.3f / %.3f", ms(r.category, 50), ms(r.category, 99)));
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }

  private static Progress printer(String what, long total) {
    long[] last = {System.nanoTime()};
    return (done, all) -> {
      long now = System.nanoTime();
      if (now - last[0] > 10_000_000_000L) {
        last[0] = now;
        System.out.printf(Locale.ROOT, "  %s: %d / %d%n", what, done, all);
      }
    };
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static int[] ints(String csv) {
    return Stream.of(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("items", "100000");
    opt.put("dim", "64");
    opt.put("queries", "2000");
    opt.put("indexes", "exact,hnsw,lucene");
    opt.put("m", Integer.toString(HnswConfig.DEFAULT_M));
    opt.put("efc", Integer.toString(HnswConfig.DEFAULT_EF_CONSTRUCTION));
    opt.put("ef", "100,200");
    opt.put("nc", "100,200");
    opt.put("fst", Integer.toString(LuceneItemIndex.DEFAULT_FILTERED_SEARCH_THRESHOLD));
    opt.put("clusters", "8");
    opt.put("noise", "1.0");
    opt.put("rank", "16");
    opt.put("budget", "500");
    opt.put("warmup", "300");
    opt.put("threads", "0");
    String[] positional = {"items", "dim", "queries"};
    int p = 0;
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        if (p >= positional.length) throw new IllegalArgumentException("unexpected argument '" + a + "'");
        opt.put(positional[p++], a);
      } else {
        String key = a.substring(0, eq);
        if (!opt.containsKey(key)) throw new IllegalArgumentException("unknown option '" + key + "' (known: " + opt.keySet() + ")");
        opt.put(key, a.substring(eq + 1));
      }
    }
    return opt;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }
}
