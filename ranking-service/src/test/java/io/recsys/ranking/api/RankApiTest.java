package io.recsys.ranking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.ranking.RankingServiceApplication;
import io.recsys.ranking.train.RankerArtifacts;
import io.recsys.ranking.train.RankerFixture;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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

/** The service as it runs: real HTTP on a random port, a real Redis, a ranker published by the ranker stage. */
@SpringBootTest(classes = RankingServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + RankingServiceApplication.CONFIG_NAME,
    "recsys.security.api-key=" + RankApiTest.API_KEY,
    "recsys.security.internal-key=" + RankApiTest.INTERNAL_KEY,
    "recsys.ranking.max-candidates=50",
    "recsys.ranking.poll-interval=200ms",
    "logging.level.root=WARN"})
@DirtiesContext
class RankApiTest {
  static final String API_KEY = "test-api-key";
  static final String INTERNAL_KEY = "test-internal-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  private static final RankerFixture.Published PUBLISHED;

  static {
    try {
      PUBLISHED = RankerFixture.trainAndPublish(Files.createTempDirectory("rank-api-test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
    registry.add("recsys.ranking.artifacts", () -> PUBLISHED.artifacts().toString());
  }

  @LocalServerPort int port;

  private HttpResponse<String> post(String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/rank"))
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

  private static String candidates(int from, int to) {
    List<String> cs = new ArrayList<>();
    for (int i = from; i < to; i++) cs.add("{\"itemId\":\"i" + i + "\",\"score\":0.5,\"sources\":[\"knn-embed:cluster-1\"],\"sourceScores\":{\"knn-embed\":0.5}}");
    return "[" + String.join(",", cs) + "]";
  }

  @Test
  void ranksWithTheHistoryReadFromTheFeatureStore() throws Exception {
    List<HistoryEntry> history = new ArrayList<>();
    for (int k = 0; k < 8; k++) history.add(new HistoryEntry("i" + (1 + 3 * k), InteractionType.RATING, RankerFixture.T0 + k * 1000L));
    try (RedisFeatureStore store = RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(),
        Clock.systemUTC())) {
      store.appendHistory("alice", history);
    }
    JsonNode r = ok("{\"userId\":\"alice\",\"candidates\":" + candidates(30, 60) + "}");
    assertThat(r.get("items")).hasSize(30);
    assertThat(r.get("modelVersion").asString()).isEqualTo(PUBLISHED.store().currentName(RankerArtifacts.RANKER).orElseThrow());
    assertThat(r.get("degraded")).isEmpty();
    double sameTaste = 0, other = 0;
    for (JsonNode item : r.get("items")) {
      int i = Integer.parseInt(item.get("itemId").asString().substring(1));
      double click = item.get("tasks").get("click").asDouble();
      assertThat(item.get("tasks").get("engage").asDouble()).isBetween(0.0, click);
      if (RankerFixture.clusterOf(i) == 1) sameTaste += item.get("score").asDouble() / 10;
      else other += item.get("score").asDouble() / 20;
    }
    assertThat(sameTaste).as("mean score of alice's taste vs the others").isGreaterThan(other);
  }

  @Test
  void unknownCandidatesAreDroppedAndListedAndNoCandidatesGiveAnEmptyList() throws Exception {
    JsonNode r = ok("{\"userId\":\"bob\",\"candidates\":[{\"itemId\":\"i1\"},{\"itemId\":\"nope\"},{\"itemId\":\"i2\"}]}");
    assertThat(r.get("items")).hasSize(2);
    assertThat(r.get("unknownItemIds").toString()).isEqualTo("[\"nope\"]");
    JsonNode empty = ok("{\"userId\":\"bob\",\"candidates\":[]}");
    assertThat(empty.get("items")).isEmpty();
  }

  @Test
  void aRequestMayNameTheModelVersionAndAnUnknownVersionIsA400NamingIt() throws Exception {
    String current = PUBLISHED.store().currentName(RankerArtifacts.RANKER).orElseThrow();
    JsonNode r = ok("{\"userId\":\"bob\",\"candidates\":" + candidates(0, 5) + ",\"model\":\"ranker@" + current + "\"}");
    assertThat(r.get("modelVersion").asString()).isEqualTo(current);
    HttpResponse<String> bad = post("{\"userId\":\"bob\",\"candidates\":" + candidates(0, 5)
        + ",\"model\":\"ranker@20990101T000000Z-deadbeef\"}", INTERNAL_KEY);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(bad.body()).contains("\"field\":\"model\"").contains("20990101T000000Z-deadbeef");
  }

  @Test
  void badRequestsAreProblemsNamingEveryField() throws Exception {
    HttpResponse<String> r = post("{\"userId\":7,\"candidates\":[{\"itemId\":\"\",\"score\":\"high\"},{\"x\":1}],\"model\":\"other\",\"extra\":1}",
        INTERNAL_KEY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"userId\"", "\"field\":\"candidates[0].itemId\"", "\"field\":\"candidates[0].score\"",
        "\"field\":\"candidates[1].x\"", "\"field\":\"model\"", "\"field\":\"extra\"");
    HttpResponse<String> tooMany = post("{\"userId\":\"u\",\"candidates\":" + candidates(0, 51) + "}", INTERNAL_KEY);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("\"field\":\"candidates\"").contains("50");
    assertThat(post("[1]", INTERNAL_KEY).statusCode()).isEqualTo(400);
    assertThat(post("{\"userId\":\"u\",\"candidates\":[]}", null).statusCode()).isEqualTo(401);
  }
}
