package io.recsys.integration.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code ./recsys bench cascade}: a bounded open-loop load test against a running gateway. Requests
 * leave at fixed intervals whatever the answers do, and each latency is measured from the moment the
 * request was due, not from when it was sent, so a stalled server is charged for the requests it
 * delayed (no coordinated omission). Per rate: requests, errors (non-200 or no answer in 10 s),
 * degraded answers, p50/p95/p99/max; the highest rate held with p99 ≤ 100 ms and no errors; and the
 * gateway's own per-stage times (from its Prometheus timers) against the end-to-end mean, so the cost
 * of the hops is visible. Stops by itself.
 *
 * <p>Arguments: {@code --port P} (a {@code ./recsys demo} stack: URL and key from its run folder) or
 * {@code --url U --api-key K}; {@code --rates 50,100,200} (requests/s), {@code --seconds 20} per rate,
 * {@code --warm-up 120} seconds, unmeasured, ramping from 5 requests/s up to the first rate; {@code --users
 * 2000 --user-prefix u} (ids asked for, round robin: the synthetic generator's).
 *
 * <p>The warm-up is long on purpose: on the 2-core bench VM six freshly started JVMs are still
 * compiling their hot paths minutes into a load, and a 10 s warm-up measured the JIT, not the stack
 * (a stack warmed for minutes held rates at which a cold one tripped every breaker). It ramps so that
 * the cold stages are not pushed straight into open breakers, which would skip them and leave them cold.
 *
 * <p>With {@code --port}, each rate's row is followed by the CPU time per request of every process of
 * the stack (the run folder's {@code pids}, as the JDK reads them from the OS) and of this load generator: the figure
 * that says how far a machine's cores can carry the cascade.
 */
public final class CascadeLoadBenchmark {
  private static final Pattern STAGE_SUM = Pattern.compile("gateway_stage_seconds_sum\\{([^}]*)\\} ([0-9.eE+-]+)");
  private static final Pattern STAGE_COUNT = Pattern.compile("gateway_stage_seconds_count\\{([^}]*)\\} ([0-9.eE+-]+)");

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String url = a.get("url");
    String key = a.get("api-key");
    Path run = null;
    if (a.containsKey("port")) {
      run = Path.of(System.getProperty("recsys.runs.dir", System.getenv().getOrDefault("RECSYS_RUNS_DIR", "runs"))).resolve("demo-" + a.get("port"));
      url = "http://127.0.0.1:" + a.get("port");
      if (key == null) key = Files.readString(run.resolve("api-key")).trim();
    }
    if (url == null || key == null) {
      System.err.println("usage: bench cascade --port P (a ./recsys demo stack) | --url U --api-key K  [--rates 50,100,200] [--seconds 20]"
          + " [--warm-up 120] [--users 2000] [--user-prefix u]");
      System.exit(2);
    }
    List<Integer> rates = new ArrayList<>();
    for (String r : a.getOrDefault("rates", "50,100,200").split(",")) rates.add(Integer.parseInt(r.trim()));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
    int warmUp = Integer.parseInt(a.getOrDefault("warm-up", "120"));
    int users = Integer.parseInt(a.getOrDefault("users", "2000"));
    String prefix = a.getOrDefault("user-prefix", "u");
    // Open loop: a stalled gateway gets many requests in flight, each on its own connection.
    CloseableHttpClient load = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(2000).setMaxConnTotal(2000)
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(2)).setSocketTimeout(Timeout.ofSeconds(10)).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build())
        .disableAutomaticRetries().disableCookieManagement().build();
    System.out.printf("java %s, %d cpus; gateway %s; %d s per rate, open loop, latency from the due time%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), url, seconds);

    warmUp(load, url, key, rates.getFirst(), warmUp, users, prefix);
    System.out.printf("%8s %8s %7s %9s %8s %8s %8s %8s   %s%n", "rate/s", "sent", "errors", "degraded", "p50 ms", "p95 ms", "p99 ms",
        "max ms", "gateway mean per stage (ms) / end to end");
    int held = 0;
    int heldTight = 0; // the end-to-end issue's target criterion (200/s at p99 <= 50 ms on the 2-core VM)
    for (int rate : rates) {
      Map<String, double[]> before = stageTimes(load, url);
      Map<String, Double> cpuBefore = cpuMillis(run);
      Result r = run(load, url, key, rate, seconds, users, prefix);
      Map<String, double[]> after = stageTimes(load, url);
      Map<String, Double> cpuAfter = cpuMillis(run);
      StringBuilder stages = new StringBuilder();
      for (Map.Entry<String, double[]> e : after.entrySet()) {
        double[] b = before.getOrDefault(e.getKey(), new double[2]);
        double n = e.getValue()[1] - b[1];
        if (n > 0) stages.append(String.format("%s %.1f  ", e.getKey(), 1000 * (e.getValue()[0] - b[0]) / n));
      }
      Histogram h = r.latency();
      double mean = h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0;
      System.out.printf("%8d %8d %7d %8.1f%% %8.1f %8.1f %8.1f %8.1f   %s/ %.1f%n", rate, r.sent(), r.errors(),
          r.sent() == 0 ? 0 : 100.0 * r.degraded() / r.sent(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, stages, mean);
      printCpu(cpuBefore, cpuAfter, r.sent());
      if (r.errors() == 0 && h.getValueAtPercentile(99) <= 100_000) held = Math.max(held, rate);
      if (r.errors() == 0 && h.getValueAtPercentile(99) <= 50_000) heldTight = Math.max(heldTight, rate);
    }
    System.out.printf("highest rate held with p99 <= 100 ms and no errors: %s%n", held == 0 ? "none" : held + " requests/s");
    System.out.printf("highest rate held with p99 <= 50 ms and no errors: %s%n", heldTight == 0 ? "none" : heldTight + " requests/s");
  }

  record Result(long sent, long errors, long degraded, Histogram latency) {}

  /** Unmeasured: ten steps from 5 requests/s up to {@code rate}, {@code seconds} in all, with a line per step. */
  static void warmUp(CloseableHttpClient load, String url, String key, int rate, int seconds, int users, String prefix) throws InterruptedException {
    if (seconds <= 0) return;
    int steps = Math.min(10, seconds);
    System.out.printf("warm-up: %d s, unmeasured, 5 -> %d requests/s%n", seconds, rate);
    for (int i = 1; i <= steps; i++) {
      int stepRate = Math.max(1, Math.round(5 + (rate - 5) * (float) i / steps));
      int stepSeconds = seconds * i / steps - seconds * (i - 1) / steps;
      Result r = run(load, url, key, stepRate, stepSeconds, users, prefix);
      System.out.printf("  %3d/s for %d s: %.1f%% degraded, %d errors, p99 %.1f ms%n", stepRate, stepSeconds,
          r.sent() == 0 ? 0 : 100.0 * r.degraded() / r.sent(), r.errors(), r.latency().getValueAtPercentile(99) / 1000.0);
    }
  }

  /**
   * CPU milliseconds used so far by each process listed in the demo run folder's {@code pids} (with its
   * children: the embedded Redis entry is a small JVM whose child is the redis-server) and by this load
   * generator, as {@link ProcessHandle.Info#totalCpuDuration()} reports them; empty without a run folder,
   * and without the line when a process is gone or the platform does not say.
   */
  static Map<String, Double> cpuMillis(Path run) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (run == null || !Files.isRegularFile(run.resolve("pids"))) return out;
    try {
      for (String line : Files.readAllLines(run.resolve("pids"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 2) continue;
        ProcessHandle p = ProcessHandle.of(Long.parseLong(f[1])).orElse(null);
        if (p == null) return new LinkedHashMap<>();
        double millis = cpuMillis(p);
        for (ProcessHandle child : p.children().toList()) millis += cpuMillis(child);
        if (Double.isNaN(millis)) return new LinkedHashMap<>();
        out.put(f[0], millis);
      }
    } catch (java.io.IOException e) {
      return new LinkedHashMap<>();
    }
    out.put("load generator", cpuMillis(ProcessHandle.current()));
    return out;
  }

  private static double cpuMillis(ProcessHandle p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
  }

  private static void printCpu(Map<String, Double> before, Map<String, Double> after, long requests) {
    if (after.isEmpty() || requests == 0) return;
    StringBuilder line = new StringBuilder("         CPU ms per request:");
    double total = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      Double b = before.get(e.getKey());
      if (b == null) continue;
      double perRequest = (e.getValue() - b) / requests;
      total += perRequest;
      line.append(String.format(" %s %.2f ", e.getKey(), perRequest));
    }
    System.out.println(line.append(String.format("| all %.2f", total)));
  }

  /** {@code rate} requests/s for {@code seconds}, each due at its slot; waits up to 10 s for the last answers. */
  static Result run(CloseableHttpClient load, String url, String key, int rate, int seconds, int users, String prefix) throws InterruptedException {
    Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong degraded = new AtomicLong();
    long total = (long) rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    List<Future<?>> inFlight = new ArrayList<>();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        String target = url + "/v1/recommendations?userId=" + prefix + (i % users) + "&count=10";
        inFlight.add(senders.submit(() -> {
          HttpGet get = new HttpGet(target);
          get.setHeader("X-API-Key", key);
          int[] status = {0};
          String body = null;
          try {
            body = load.execute(get, response -> {
              status[0] = response.getCode();
              return response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            });
          } catch (Exception noAnswer) {
            // counted below as an error
          }
          long micros = (System.nanoTime() - due) / 1000;
          recorder.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
          if (body == null || status[0] != 200) errors.incrementAndGet();
          else if (!body.contains("\"degraded\":[]")) degraded.incrementAndGet();
        }));
      }
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      for (Future<?> f : inFlight) {
        try {
          f.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception unfinished) {
          // Those still open count: their latency is at least the time waited, and they are errors.
          f.cancel(true);
          errors.incrementAndGet();
        }
      }
    }
    return new Result(total, errors.get(), degraded.get(), recorder.getIntervalHistogram());
  }

  /** stage → {sum seconds, count} over every variant and outcome, from the gateway's Prometheus page. */
  static Map<String, double[]> stageTimes(CloseableHttpClient load, String url) {
    Map<String, double[]> out = new LinkedHashMap<>();
    try {
      String page = load.execute(new HttpGet(url + "/actuator/prometheus"), response -> EntityUtils.toString(response.getEntity()));
      add(out, STAGE_SUM.matcher(page), 0);
      add(out, STAGE_COUNT.matcher(page), 1);
    } catch (Exception e) {
      // Without the gateway's metrics the table just lacks the per-stage column.
    }
    return out;
  }

  private static void add(Map<String, double[]> out, Matcher m, int slot) {
    while (m.find()) {
      Matcher stage = Pattern.compile("stage=\"([^\"]+)\"").matcher(m.group(1));
      if (!stage.find()) continue;
      out.computeIfAbsent(stage.group(1), k -> new double[2])[slot] += Double.parseDouble(m.group(2));
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
