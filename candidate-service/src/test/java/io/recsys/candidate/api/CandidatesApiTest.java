package io.recsys.candidate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.CandidateServiceApplication;
import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.testing.PlantedData;
import io.recsys.candidate.train.TrainCommand;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service as it runs: real HTTP on a random port, a real Redis, artefacts published by ./recsys train. */
@SpringBootTest(classes = CandidateServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + CandidateServiceApplication.CONFIG_NAME,
    "recsys.security.api-key=" + CandidatesApiTest.API_KEY,
    "recsys.security.internal-key=" + CandidatesApiTest.INTERNAL_KEY,
    "recsys.candidates.max-count=300",
    "recsys.candidates.poll-interval=200ms",
    "logging.level.root=WARN"})
@DirtiesContext
class CandidatesApiTest {
  static final String API_KEY = "test-api-key";
  static final String INTERNAL_KEY = "test-internal-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  private static final Path DATA;
  private static final Path ARTIFACTS;

  static {
    try {
      Path root = Files.createTempDirectory("candidates-api-test");
      DATA = root.resolve("data");
      ARTIFACTS = root.resolve("artifacts");
      PlantedData.standard().writeCsv(DATA);
      train("--training-candidates", "10");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void train(String... extra) {
    List<String> args = new ArrayList<>(List.of("--data", DATA.toString(), "--out", ARTIFACTS.toString(), "--no-feature-store"));
    args.addAll(List.of(extra));
    TrainCommand cmd = new TrainCommand(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    int exit = CliErrorHandler.commandLine(cmd).execute(args.toArray(String[]::new));
    if (exit != 0) throw new IllegalStateException("train failed: " + exit);
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
    registry.add("recsys.candidates.artifacts", ARTIFACTS::toString);
  }

  @LocalServerPort int port;

  private HttpResponse<String> post(String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/candidates"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) b.header("X-API-Key", key);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String body) throws Exception {
    HttpResponse<String> r = post(body, INTERNAL_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(JsonNode response) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : response.get("candidates")) out.add(c.get("itemId").asString());
    return out;
  }

  private static RedisFeatureStore store() {
    return RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(), Clock.systemUTC());
  }

  @Test
  void knownUserGetsUnseenCandidatesWithSourcesAndTheModelVersion() throws Exception {
    List<HistoryEntry> history = List.of(new HistoryEntry(PlantedData.itemId(1, 0), InteractionType.CLICK, 1_000),
        new HistoryEntry(PlantedData.itemId(1, 1), InteractionType.CLICK, 2_000),
        new HistoryEntry(PlantedData.itemId(2, 0), InteractionType.CLICK, 3_000));
    try (RedisFeatureStore store = store()) {
      store.appendHistory("alice", history);
    }
    JsonNode r = ok("{\"userId\":\"alice\",\"count\":40}");
    assertThat(r.get("candidates")).hasSize(40);
    assertThat(ids(r)).doesNotContain(PlantedData.itemId(1, 0), PlantedData.itemId(1, 1), PlantedData.itemId(2, 0));
    assertThat(r.get("modelVersion").asString()).isEqualTo(new ArtifactStore(ARTIFACTS).currentName(CandidateArtifacts.BUNDLE).orElseThrow());
    List<String> sources = new ArrayList<>();
    for (JsonNode c : r.get("candidates")) c.get("sources").forEach(s -> sources.add(s.asString()));
    assertThat(sources).anyMatch(s -> s.startsWith("pi2i:trigger-g"));
    assertThat(sources).anyMatch(s -> s.startsWith("knn-embed:cluster-"));
  }

  @Test
  void aNewEngagementChangesTheUsersNextCandidates() throws Exception {
    try (RedisFeatureStore store = store()) {
      store.appendHistory("bob", List.of(new HistoryEntry(PlantedData.itemId(0, 0), InteractionType.CLICK, 1_000)));
      List<String> before = ids(ok("{\"userId\":\"bob\",\"count\":20}"));
      store.appendHistory("bob", List.of(new HistoryEntry(PlantedData.itemId(3, 1), InteractionType.CLICK, 2_000),
          new HistoryEntry(PlantedData.itemId(3, 2), InteractionType.CLICK, 3_000)));
      List<String> after = ids(ok("{\"userId\":\"bob\",\"count\":20}"));
      assertThat(after).isNotEqualTo(before).doesNotContain(PlantedData.itemId(3, 1), PlantedData.itemId(3, 2));
      long group3Before = before.stream().filter(id -> id.startsWith("g3-")).count();
      long group3After = after.stream().filter(id -> id.startsWith("g3-")).count();
      assertThat(group3After).isGreaterThan(group3Before);
    }
  }

  @Test
  void unknownUserIsServedColdNotAnError() throws Exception {
    JsonNode r = ok("{\"userId\":\"never-seen\",\"count\":15}");
    assertThat(r.get("candidates")).hasSize(15);
  }

  @Test
  void countAboveTheConfiguredMaximumIsA400NamingTheField() throws Exception {
    HttpResponse<String> r = post("{\"userId\":\"u1\",\"count\":301}", INTERNAL_KEY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(r.body()).contains("\"field\":\"count\"").contains("300");
  }

  @Test
  void malformedFieldsAreAllNamedInOneProblem() throws Exception {
    HttpResponse<String> r = post("{\"userId\":7,\"count\":\"ten\",\"filters\":{\"genre\":[\"x\"]},\"excludeItemIds\":[1],\"strategy\":\"best\",\"extra\":true}", INTERNAL_KEY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"userId\"", "\"field\":\"count\"", "\"field\":\"filters.genre\"",
        "\"field\":\"excludeItemIds[0]\"", "\"field\":\"strategy\"", "\"field\":\"extra\"");
    assertThat(post("{\"userId\":\"u\",\"userId\":\"v\"}", INTERNAL_KEY).statusCode()).isEqualTo(400);
    assertThat(post("[1,2]", INTERNAL_KEY).statusCode()).isEqualTo(400);
  }

  @Test
  void filtersMatchingNothingGiveAnEmptyListWithAReason() throws Exception {
    JsonNode r = ok("{\"userId\":\"u1\",\"filters\":{\"categories\":[\"Westerns on Mars\"]}}");
    assertThat(r.get("candidates")).isEmpty();
    assertThat(r.get("reason").asString()).contains("Westerns on Mars");
  }

  @Test
  void categoryFilterAndExcludesAreHonoured() throws Exception {
    JsonNode r = ok("{\"userId\":\"u1\",\"count\":10,\"filters\":{\"categories\":[\"cat2\"]},\"excludeItemIds\":[\"g2-0\",\"g2-1\"]}");
    assertThat(ids(r)).hasSize(10).allMatch(id -> id.startsWith("g2-")).doesNotContain("g2-0", "g2-1");
  }

  @Test
  void theInternalPathRefusesThePublicKeyAndNoKey() throws Exception {
    assertThat(post("{\"userId\":\"u1\"}", API_KEY).statusCode()).isIn(401, 403);
    assertThat(post("{\"userId\":\"u1\"}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aNewlyPublishedBundleIsHotSwappedIn() throws Exception {
    ArtifactStore store = new ArtifactStore(ARTIFACTS);
    String before = ok("{\"userId\":\"u1\",\"count\":5}").get("modelVersion").asString();
    train("--force", "--training-candidates", "5");
    String published = store.currentName(CandidateArtifacts.BUNDLE).orElseThrow();
    assertThat(published).isNotEqualTo(before);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String served = before;
    while (!served.equals(published) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      served = ok("{\"userId\":\"u1\",\"count\":5}").get("modelVersion").asString();
    }
    assertThat(served).isEqualTo(published);
  }
}
