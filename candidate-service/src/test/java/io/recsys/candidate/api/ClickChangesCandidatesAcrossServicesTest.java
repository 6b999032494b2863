package io.recsys.candidate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.testing.PlantedData;
import io.recsys.candidate.train.FeatureStoreLoad;
import io.recsys.candidate.train.TrainCommand;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.Dataset;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.testsupport.FreePorts;
import io.recsys.testsupport.RedisExtension;
import io.recsys.testsupport.ServiceProcess;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write path reaching retrieval, across real processes: the feature-store service and the
 * candidate service run as child JVMs on one real Redis; clicks posted to the feature store's
 * {@code /v1/events} change the user's next {@code /internal/candidates}.
 */
class ClickChangesCandidatesAcrossServicesTest {
  private static final String API_KEY = "it-api-key";
  private static final String INTERNAL_KEY = "it-internal-key";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  @TempDir Path tmp;

  @Test
  void clicksPostedToTheFeatureStoreChangeTheNextCandidates() throws Exception {
    PlantedData planted = PlantedData.standard();
    Path data = tmp.resolve("data");
    Path artifacts = tmp.resolve("artifacts");
    planted.writeCsv(data);
    TrainCommand train = new TrainCommand(new PrintStream(OutputStream.nullOutputStream()));
    assertThat(CliErrorHandler.commandLine(train).execute("--data", data.toString(), "--out", artifacts.toString(),
        "--no-feature-store", "--training-candidates", "5")).isZero();
    // What ./recsys train does when REDIS_URL is set: histories, embeddings, clusters, mixtures.
    ArtifactStore store = new ArtifactStore(artifacts);
    Dataset dataset = planted.dataset();
    new FeatureStoreLoad(() -> RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(),
        Clock.systemUTC()), new PrintStream(OutputStream.nullOutputStream()))
        .load(dataset, store.current(CandidateArtifacts.EMBEDDINGS).file(CandidateArtifacts.ITEM_VECTORS_FILE),
            store.current(CandidateArtifacts.CLUSTERS).file(CandidateArtifacts.CLUSTERS_FILE),
            store.current(CandidateArtifacts.MIXTURES).file(CandidateArtifacts.MIXTURES_FILE));

    int fsPort = FreePorts.next();
    int cPort = FreePorts.next();
    try (ServiceProcess featureStore = ServiceProcess.java("io.recsys.featurestore.ingest.ServeCommand")
            .name("feature-store").args("--port", Integer.toString(fsPort))
            .env("REDIS_URL", redis.uri()).env("RECSYS_API_KEY", API_KEY).env("RECSYS_INTERNAL_KEY", INTERNAL_KEY)
            .readyWhenHttpOk(URI.create("http://127.0.0.1:" + fsPort + "/actuator/health/readiness")).start();
        ServiceProcess candidates = ServiceProcess.java("io.recsys.candidate.ServeCommand")
            .name("candidate-service").args("--port", Integer.toString(cPort))
            .env("REDIS_URL", redis.uri()).env("RECSYS_ARTIFACTS", artifacts.toString())
            .env("RECSYS_API_KEY", API_KEY).env("RECSYS_INTERNAL_KEY", INTERNAL_KEY)
            .readyWhenHttpOk(URI.create("http://127.0.0.1:" + cPort + "/actuator/health/readiness")).start()) {

      // u0 likes groups 0 and 1 (PlantedData.preferred); clicks on group 3 are new to them.
      List<String> before = candidates(cPort, "u0");
      long group3Before = before.stream().filter(id -> id.startsWith("g3-")).count();
      Instant now = Instant.now();
      StringBuilder events = new StringBuilder("[");
      for (int i = 0; i < 4; i++) {
        if (i > 0) events.append(',');
        events.append("{\"eventId\":\"it-").append(i).append("\",\"userId\":\"u0\",\"itemId\":\"g3-").append(10 + i)
            .append("\",\"type\":\"click\",\"timestamp\":\"").append(now.plusSeconds(i)).append("\"}");
      }
      events.append(']');
      HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fsPort + "/v1/events"))
          .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(events.toString())));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

      // Ingestion is asynchronous (stream → workers); wait until the candidates reflect it.
      List<String> after = before;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        after = candidates(cPort, "u0");
        if (!after.equals(before)) break;
        Thread.sleep(100);
      }
      assertThat(after).isNotEqualTo(before).doesNotContain("g3-10", "g3-11", "g3-12", "g3-13");
      assertThat(after.stream().filter(id -> id.startsWith("g3-")).count()).isGreaterThan(group3Before);
    }
  }

  private static List<String> candidates(int port, String user) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/candidates"))
        .header("X-API-Key", INTERNAL_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\",\"count\":30}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode c : JSON.readTree(r.body()).get("candidates")) ids.add(c.get("itemId").asString());
    return ids;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
