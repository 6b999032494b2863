package io.recsys.featurestore.ingest.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.FeatureStoreApplication;
import io.recsys.featurestore.ingest.config.IngestConfiguration;
import io.recsys.featurestore.store.bench.BenchmarkCatalogue;
import io.recsys.featurestore.store.bench.ServerCpu;
import io.recsys.featurestore.store.FeatureStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End-to-end ingestion throughput (HTTP → stream → features), not a test: starts the service on
 * loopback (embedded Redis with AOF everysec, or {@code REDIS_URL}), posts {@code batches} batches of
 * {@code batchSize} events from {@code senders} threads (a bounded load: each sender waits for its
 * 202 before the next batch), and reports events/s accepted and applied (until the workers' applied
 * counter reaches the total). Args: {@code [batches=400] [batchSize=1000] [senders=2] [workers=2]
 * [clusters=16]}: with {@code clusters > 0} every item is first assigned to interest cluster
 * {@code index % clusters}, so positive events also refresh their user's interest mixture; 0 measures
 * ingestion without any cluster assignment. With {@code catalogue=1} (default) the 20k items are first
 * loaded with metadata and a 64-d embedding, as a real catalogue. Sixth and seventh args:
 * {@code [catalogue=1] [warmup=200]}: warm-up batches posted and applied before the measurement, so
 * that the JIT has compiled the service (with 5 warm-up batches, C1/C2 compilation took ~2 s of CPU
 * inside the measured window and the JVM's cost per event read twice its steady-state value).
 */
public final class IngestBenchmark {
  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  /** Events the workers have applied or found already applied (user side), since the service started. */
  private static double applied(MeterRegistry meters) {
    return meters.counter("recsys.ingest.events.applied", "side", "user").count()
        + meters.counter("recsys.ingest.events.duplicate", "side", "user").count();
  }

  /**
   * Starts the service in this JVM as {@code ServeCommand} does, on a free port, with the test API keys
   * of {@link ApiClient} and these settings; command-line arguments, so they win over feature-store.yml.
   */
  private static ConfigurableApplicationContext startService(Map<String, String> properties) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--recsys.security.api-key=" + ApiClient.API_KEY,
        "--recsys.security.admin-key=" + ApiClient.ADMIN_KEY, "--logging.level.root=WARN"));
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return FeatureStoreApplication.builder().run(args.toArray(String[]::new));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int senders = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int clusters = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    boolean catalogue = args.length <= 5 || !args[5].equals("0");
    int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 200;
    Path dir = Files.createTempDirectory("recsys-ingest-bench-");
    Map<String, String> props = new HashMap<>(Map.of("recsys.redis.embedded-dir", dir.toString(),
        "recsys.ingest.workers", Integer.toString(workers)));
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) props.put("recsys.redis.url", url);
    try (ConfigurableApplicationContext context = startService(props)) {
      ApiClient service = new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
      if (catalogue) BenchmarkCatalogue.load(context.getBean(FeatureStore.class), 20_000);
      if (clusters > 0) {
        Map<String, Integer> assignment = new HashMap<>();
        for (int i = 0; i < 20_000; i++) assignment.put("i" + i, i % clusters);
        context.getBean(FeatureStore.class).putItemClusters(clusters, assignment);
      }
      List<String> bodies = new ArrayList<>();
      List<String> stamps = new ArrayList<>();
      SplittableRandom rnd = new SplittableRandom(42);
      String[] types = {"impression", "impression", "impression", "click", "cart", "purchase"};
      for (int b = 0; b < batches; b++) {
        StringBuilder sb = new StringBuilder(size * 130).append('[');
        String ts = Instant.now().minusSeconds(10).toString();
        for (int i = 0; i < size; i++) {
          if (i > 0) sb.append(',');
          sb.append("{\"eventId\":\"b").append(b).append('-').append(i).append("\",\"userId\":\"u").append(rnd.nextInt(50_000))
              .append("\",\"itemId\":\"i").append((int) Math.pow(rnd.nextDouble(), 3) * 20_000).append("\",\"type\":\"")
              .append(types[rnd.nextInt(types.length)]).append("\",\"value\":1,\"timestamp\":\"").append(ts).append("\"}");
        }
        bodies.add(sb.append(']').toString());
        stamps.add(ts);
      }
      // Warm-up (JIT, script cache, connections): a service runs compiled code after its first minute, and
      // a short cold run measures the compiler as much as the service. The warm-up batches (new event
      // ids, same users and items) are posted and applied completely before the clock starts.
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      for (int w = 0; w < warmup; w++) {
        // An hour older than the measured events: a user's measured events arrive after their warm-up ones
        // in event time too, as live traffic does (history is kept in event-time order, and a replay of
        // the same timestamps would measure the out-of-order insert path instead).
        String ts = stamps.get(w % batches);
        HttpResponse<String> r = service.post("/v1/events", bodies.get(w % batches).replace("\"eventId\":\"b", "\"eventId\":\"w" + w + "-")
            .replace(ts, Instant.parse(ts).minusSeconds(3600).toString()));
        if (r.statusCode() != 202) throw new IllegalStateException("warm-up batch " + w + ": " + r.statusCode() + " " + r.body());
      }
      while (applied(meters) < (long) warmup * size) Thread.sleep(5);
      double appliedBefore = applied(meters);
      System.out.printf("warm-up: %d batches applied; measuring %d batches%n", warmup, batches);
      AtomicLong next = new AtomicLong();
      AtomicLong retried = new AtomicLong();
      java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
      ServerCpu redisCpu = new ServerCpu(context.getBean(IngestConfiguration.RedisEndpoint.class).config().nodes().getFirst());
      double redis0 = redisCpu.seconds();
      long jvm0 = processCpuNanos();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        threads.add(Thread.ofPlatform().start(() -> {
          for (long b; (b = next.getAndIncrement()) < batches; ) {
            // A 503 (Redis busy past the command timeout) is retried with the same body, as a client
            // should: a re-sent event counts once. Anything else ends the run instead of hanging it.
            for (int attempt = 1; ; attempt++) {
              HttpResponse<String> r = service.post("/v1/events", bodies.get((int) b));
              if (r.statusCode() == 202) break;
              if (r.statusCode() != 503 || attempt == 20) {
                failure.compareAndSet(null, "batch " + b + ": " + r.statusCode() + " " + r.body());
                return;
              }
              retried.incrementAndGet();
            }
          }
        }));
      }
      for (Thread t : threads) t.join();
      if (failure.get() != null) throw new IllegalStateException(failure.get());
      long accepted = System.nanoTime() - t0;
      long total = (long) batches * size;
      while (applied(meters) - appliedBefore < total) {
        Thread.sleep(5);
      }
      long applied = System.nanoTime() - t0;
      double jvmCpu = (processCpuNanos() - jvm0) / 1e9, serverCpu = redisCpu.seconds() - redis0;
      redisCpu.close();
      System.out.printf("%d events (%d batches of %d, %d senders, %d workers, %d clusters, %s): accepted in %.2f s = %.0f events/s; "
          + "applied to features in %.2f s = %.0f events/s%n", total, batches, size, senders, workers, clusters,
          catalogue ? "20k-item catalogue" : "no catalogue", accepted / 1e9,
          total / (accepted / 1e9), applied / 1e9, total / (applied / 1e9));
      if (retried.get() > 0) System.out.printf("%d posts answered 503 (Redis busy past the command timeout) and were retried%n", retried.get());
      System.out.printf("CPU while applying: this JVM (service + load generator) %.2f s = %.1f µs/event, redis-server main "
          + "thread %.2f s = %.1f µs/event%n", jvmCpu, jvmCpu * 1e6 / total, serverCpu, serverCpu * 1e6 / total);
    } finally {
      deleteRecursively(dir); // the AOF is ~400 bytes per event: do not leave it behind
    }
  }
}
