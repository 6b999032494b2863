package io.recsys.core.dataset.bench;

import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.DatasetReader;
import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.EventMapping;
import io.recsys.core.dataset.EventMappings;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.GenericEventReader;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.MappedEventReader;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.dataset.User;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of the mapped importer against the generic reader on the same generated file: a
 * canonical {@code events.csv} read by {@link GenericEventReader} and by {@link MappedEventReader}
 * with the default mapping (same columns, same timestamp parsing: the cost measured is the mapping
 * layer's), alternating, several rounds each, medians reported. Then, for information, the Taobao
 * preset on a headerless {@code UserBehavior.csv} of the same size (epoch seconds, own type names,
 * categories collected into item rows). A main, not a test. Arguments: rows (default 2000000), rounds
 * (default 5), folder for the generated files (default /tmp/recsys-import-bench; files are reused
 * when they already have the row count, never written into the repository).
 */
public final class ImportBenchmark {
  private static final long START = Instant.parse("2017-11-25T00:00:00Z").toEpochMilli();
  private static final String[] CANONICAL_TYPES = {"impression", "click", "click", "cart", "purchase"};
  private static final String[] TAOBAO_TYPES = {"pv", "pv", "pv", "fav", "cart", "buy"};

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path root = Path.of(args.length > 2 ? args[2] : "/tmp/recsys-import-bench");
    Path canonical = generate(root.resolve("canonical-" + rows), "events.csv", rows, true);
    Path taobao = generate(root.resolve("taobao-" + rows), "UserBehavior.csv", rows, false);
    System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MiB; %,d rows, %d rounds after one warm-up%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, rows,
        rounds);

    EventMapping identity = EventMappings.of(null, null, List.of(), null, null, null);
    DatasetReader generic = new GenericEventReader(EventTypeRegistry.defaults());
    DatasetReader mapped = new MappedEventReader(identity, identity.types(EventTypeRegistry.defaults()), null);
    DatasetReader preset = DatasetFormat.TAOBAO.reader();
    double[] genericSeconds = new double[rounds];
    double[] mappedSeconds = new double[rounds];
    double[] presetSeconds = new double[rounds];
    for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up
      double g = time(generic, canonical, rows);
      double m = time(mapped, canonical, rows);
      double p = time(preset, taobao, rows);
      System.out.printf(Locale.ROOT, "round %d: generic %.2f s, mapped %.2f s, taobao preset %.2f s%n", round, g, m, p);
      if (round >= 0) {
        genericSeconds[round] = g;
        mappedSeconds[round] = m;
        presetSeconds[round] = p;
      }
    }
    double g = median(genericSeconds);
    double m = median(mappedSeconds);
    double p = median(presetSeconds);
    System.out.printf(Locale.ROOT, "median generic reader   %.2f s = %,.0f rows/s%n", g, rows / g);
    System.out.printf(Locale.ROOT, "median mapped importer  %.2f s = %,.0f rows/s (%+.1f %% time vs generic; target <= +20 %%)%n",
        m, rows / m, 100 * (m / g - 1));
    System.out.printf(Locale.ROOT, "median taobao preset    %.2f s = %,.0f rows/s (headerless, categories collected)%n",
        p, rows / p);
  }

  private static double time(DatasetReader reader, Path dir, long expected) throws IOException {
    Counter counter = new Counter();
    long t0 = System.nanoTime();
    reader.read(dir, counter, new RowErrors(ErrorPolicy.FAIL));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (counter.interactions != expected) {
      throw new IllegalStateException("read " + counter.interactions + " rows of " + expected + " from " + dir);
    }
    return seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Writes the file unless a complete one (marked by a sibling {@code .complete}) is already there. */
  private static Path generate(Path dir, String name, long rows, boolean canonical) throws IOException {
    Path done = dir.resolve(".complete");
    if (Files.exists(done)) return dir;
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(42);
    int users = (int) Math.max(1, rows / 100);
    int items = (int) Math.max(1, rows / 25);
    long t0 = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
      if (canonical) w.write("userId,itemId,type,value,timestamp\n");
      StringBuilder row = new StringBuilder(80);
      for (long r = 0; r < rows; r++) {
        int user = random.nextInt(users);
        int item = random.nextInt(items);
        long millis = START + random.nextLong(9L * 86_400_000L);
        row.setLength(0);
        if (canonical) {
          row.append('u').append(user).append(",i").append(item).append(',')
              .append(CANONICAL_TYPES[random.nextInt(CANONICAL_TYPES.length)]).append(",1,")
              .append(Instant.ofEpochMilli(millis - millis % 1000)).append('\n');
        } else {
          row.append(user).append(',').append(item).append(',').append(item % 9000).append(',')
              .append(TAOBAO_TYPES[random.nextInt(TAOBAO_TYPES.length)]).append(',').append(millis / 1000).append('\n');
        }
        w.append(row);
      }
    }
    Files.writeString(done, "");
    System.err.printf(Locale.ROOT, "generated %s (%,d rows) in %.1f s%n", dir.resolve(name), rows, (System.nanoTime() - t0) / 1e9);
    return dir;
  }

  /** Counts rows so the readers' work cannot be optimised away. */
  private static final class Counter implements DatasetSink {
    long interactions;
    long items;
    long checksum;

    @Override
    public void interaction(Interaction i) {
      interactions++;
      checksum += i.timestampMillis() + i.type().ordinal();
    }

    @Override
    public void item(Item item) {
      items++;
    }

    @Override
    public void user(User user) {}
  }
}
