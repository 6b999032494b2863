package io.recsys.candidate.api.bench;

import io.recsys.candidate.CandidateServiceApplication;
import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.RetrievalRequest;
import io.recsys.candidate.retrieve.UserStateReader;
import io.recsys.candidate.train.FeatureStoreLoad;
import io.recsys.candidate.train.TrainCommand;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ServingArtifact;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.synthetic.cli.GenerateCommand;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.testsupport.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import redis.embedded.RedisServer;

/**
 * {@code ./recsys bench candidates-http [items=5000] [users=2000] [events=200000] [requests=3000] [count=500]}:
 * the whole retrieval request measured twice in one run on one synthetic dataset, trained and loaded as
 * {@code ./recsys train} does (embedded Redis unless {@code REDIS_URL} is set):
 * in process (feature-store read + pipeline, what the controller does) and over HTTP
 * ({@code POST /internal/candidates} on loopback, one client thread, JSON both ways). Percentiles from
 * HdrHistogram after a warm-up. A main, not a test.
 */
public final class CandidatesHttpBenchmark {
  private static final String KEY = "bench-internal-key";

  private CandidatesHttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    long events = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
    int count = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    Path root = Files.createTempDirectory("candidates-http-bench");
    Path data = root.resolve("data");
    Path artifacts = root.resolve("artifacts");
    System.err.printf(Locale.ROOT, "java %s, %d cpus; synthetic %d items, %d users, %d events; %d requests of %d candidates%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), items, users, events, requests, count);
    check(new CommandLine(new GenerateCommand()).execute("--out", data.toString(), "--items", Integer.toString(items),
        "--users", Integer.toString(users), "--events", Long.toString(events)), "generate");
    check(CliErrorHandler.commandLine(new TrainCommand(System.err)).execute("--data", data.toString(), "--out",
        artifacts.toString(), "--no-feature-store", "--training-candidates", "20"), "train");

    RedisServer redis = null;
    RedisConnectionConfig redisConfig = RedisConnectionConfig.fromEnvironment(System.getenv());
    if (redisConfig == null) {
      int port = FreePorts.next();
      redis = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"")
          .setting("appendonly no").onShutdownForceStop(true).build();
      redis.start();
      redisConfig = RedisConnectionConfig.standalone("redis://127.0.0.1:" + port);
    }
    RedisConnectionConfig rc = redisConfig;
    ArtifactStore store = new ArtifactStore(artifacts);
    Dataset dataset = Datasets.load(data, null, ErrorPolicy.FAIL);
    new FeatureStoreLoad(() -> RedisFeatureStore.open(rc, FeatureStoreConfig.defaults(), Clock.systemUTC()), System.err)
        .load(dataset, store.current(CandidateArtifacts.EMBEDDINGS).file(CandidateArtifacts.ITEM_VECTORS_FILE),
            store.current(CandidateArtifacts.CLUSTERS).file(CandidateArtifacts.CLUSTERS_FILE),
            store.current(CandidateArtifacts.MIXTURES).file(CandidateArtifacts.MIXTURES_FILE));

    int port = FreePorts.next();
    // System properties: they outrank the starter's defaults (the builder's properties do not).
    System.setProperty("recsys.security.internal-key", KEY);
    System.setProperty("recsys.candidates.artifacts", artifacts.toString());
    System.setProperty("recsys.redis.url", rc.nodes().getFirst().toString());
    System.setProperty("logging.level.root", "WARN");
    try (ConfigurableApplicationContext ctx = CandidateServiceApplication.builder().properties("server.port=" + port).run()) {
      @SuppressWarnings("unchecked")
      ServingArtifact<CandidateModel> model = ctx.getBean(ServingArtifact.class);
      CandidatePipeline pipeline = ctx.getBean(CandidatePipeline.class);
      UserStateReader reader = ctx.getBean(UserStateReader.class);
      String[] userIds = new String[dataset.users().size()];
      for (int u = 0; u < userIds.length; u++) userIds[u] = dataset.users().id(u);

      SplittableRandom rnd = new SplittableRandom(7);
      Histogram inProcess = new Histogram(3);
      for (int i = 0; i < requests + requests / 3; i++) {
        String user = userIds[rnd.nextInt(userIds.length)];
        long t = System.nanoTime();
        CandidateModel m = model.current().value();
        pipeline.retrieve(m, reader.read(user, m.catalog()).user(), RetrievalRequest.of(count));
        if (i >= requests / 3) inProcess.recordValue((System.nanoTime() - t) / 1000);
      }

      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/internal/candidates");
      Histogram overHttp = new Histogram(3);
      for (int i = 0; i < requests + requests / 3; i++) {
        String user = userIds[rnd.nextInt(userIds.length)];
        HttpRequest req = HttpRequest.newBuilder(uri).header("X-API-Key", KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\",\"count\":" + count + "}")).build();
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
        if (i >= requests / 3) overHttp.recordValue((System.nanoTime() - t) / 1000);
      }
      System.out.printf(Locale.ROOT, "%-12s %9s %9s %9s %9s%n", "path", "p50 ms", "p90 ms", "p99 ms", "max ms");
      print("in-process", inProcess);
      print("over HTTP", overHttp);
    } finally {
      if (redis != null) redis.stop();
    }
  }

  private static void print(String name, Histogram h) {
    System.out.printf(Locale.ROOT, "%-12s %9.2f %9.2f %9.2f %9.2f%n", name, h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
  }

  private static void check(int exit, String what) {
    if (exit != 0) throw new IllegalStateException(what + " failed with exit code " + exit);
  }
}
