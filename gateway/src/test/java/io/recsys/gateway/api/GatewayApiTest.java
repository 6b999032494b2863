package io.recsys.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.gateway.GatewayApplication;
import io.recsys.gateway.StubStage;
import io.recsys.gateway.StubStage.Answer;
import io.recsys.gateway.security.ApiKeyRegistry;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.recsys.gateway.cascade.RecommendationCascade;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as it runs: real HTTP on a random port, real Redis (rate limits, experiment counts, item
 * metadata), and the three stages and the feature store as real HTTP stub servers that inject errors.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + GatewayApplication.CONFIG_NAME,
    "recsys.security.api-key=" + GatewayApiTest.API_KEY,
    "recsys.security.admin-key=" + GatewayApiTest.ADMIN_KEY,
    "recsys.security.internal-key=" + GatewayApiTest.INTERNAL_KEY,
    "recsys.gateway.max-count=20",
    // Budgets are the cascade tests' subject; here a cold JVM's first calls must not time out.
    "recsys.gateway.candidates.budget=3s", "recsys.gateway.ranking.budget=3s", "recsys.gateway.rerank.budget=3s",
    "recsys.gateway.request-budget=8s",
    "recsys.gateway.candidate-count=50",
    "logging.level.root=WARN"})
@DirtiesContext
class GatewayApiTest {
  static final String API_KEY = "test-api-key";
  static final String ADMIN_KEY = "test-admin-key";
  static final String INTERNAL_KEY = "test-internal-key";
  static final String LIMITED_KEY = "limited-test-key";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  static final StubStage candidates = stub();
  static final StubStage ranking = stub();
  static final StubStage rerank = stub();
  static final StubStage featureStore = stub();
  static final Path experiments = experimentsFile();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
    registry.add("recsys.gateway.candidates.url", candidates::url);
    registry.add("recsys.gateway.ranking.url", ranking::url);
    registry.add("recsys.gateway.rerank.url", rerank::url);
    registry.add("recsys.gateway.feature-store-url", featureStore::url);
    registry.add("recsys.gateway.experiments-file", experiments::toString);
    // One property source holds the whole list: Boot binds an indexed list from a single source.
    registry.add("recsys.gateway.keys[0].name", () -> "limited");
    registry.add("recsys.gateway.keys[0].role", () -> "API");
    registry.add("recsys.gateway.keys[0].limit.permits-per-second", () -> "0.01");
    registry.add("recsys.gateway.keys[0].limit.burst", () -> "3");
    registry.add("recsys.gateway.keys[0].sha256", () -> ApiKeyRegistry.sha256Hex(LIMITED_KEY));
  }

  @LocalServerPort int port;
  @Autowired RecommendationCascade cascade;

  static {
    // Answering before the gateway starts: its first popular-items refresh then succeeds (and warms
    // its HTTP client up, as in production: a cold first call can exceed an 80 ms budget).
    healthyStages();
  }

  @BeforeEach
  void healthy() {
    healthyStages();
  }

  static void healthyStages() {
    candidates.answer("/internal/candidates", Answer.json("{\"candidates\":["
        + "{\"itemId\":\"1\",\"score\":0.9,\"sources\":[\"knn-embed:cluster-3\"]},"
        + "{\"itemId\":\"2\",\"score\":0.8,\"sources\":[\"pi2i:trigger-9\"]},"
        + "{\"itemId\":\"3\",\"score\":0.7,\"sources\":[\"popular\"]}],\"modelVersion\":\"bundle-7\"}"));
    ranking.answer("/internal/rank", Answer.json("{\"items\":[{\"itemId\":\"3\",\"score\":0.4,\"tasks\":{\"click\":0.3,\"engage\":0.1}},"
        + "{\"itemId\":\"1\",\"score\":0.3,\"tasks\":{\"click\":0.2,\"engage\":0.1}},{\"itemId\":\"2\",\"score\":0.2,\"tasks\":{\"click\":0.1}}],"
        + "\"modelVersion\":\"ranker@9\"}"));
    rerank.answer("/internal/rerank", Answer.json("{\"items\":[{\"itemId\":\"1\",\"score\":0.3,\"propensity\":0.7},"
        + "{\"itemId\":\"3\",\"score\":0.4,\"propensity\":0.5}],\"policy\":\"ts+mmr\",\"seed\":3}"));
    featureStore.answer("/internal/events", new Answer(202, b -> "{\"accepted\":1}", 0));
  }

  @AfterAll
  static void stopStubs() {
    for (StubStage s : List.of(candidates, ranking, rerank, featureStore)) s.close();
  }

  @Test
  void servesTheCascadeWithItsVariantAndProvenanceAndPassesTheTraceOn() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/recommendations?userId=u1&count=2&explain=true"))
        .header("X-API-Key", API_KEY).header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("userId").asString()).isEqualTo("u1");
    assertThat(body.get("requestId").asString()).isNotBlank();
    assertThat(body.get("degraded").size()).isZero();
    assertThat(body.get("variant").get("experiment").asString()).isEqualTo("explore");
    assertThat(body.get("items").get(0).get("itemId").asString()).isEqualTo("1");
    assertThat(body.get("items").get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(body.get("items").get(0).get("propensity").asDouble()).isEqualTo(0.7);
    JsonNode explain = body.get("items").get(0).get("explain");
    assertThat(explain.get("sources").get(0).asString()).isEqualTo("knn-embed:cluster-3");
    assertThat(explain.get("retrievalScore").asDouble()).isEqualTo(0.9);
    assertThat(explain.get("rankScores").get("click").asDouble()).isEqualTo(0.2);
    assertThat(explain.get("rerank").asString()).isEqualTo("ts+mmr");
    assertThat(explain.get("models").get("ranker").asString()).isEqualTo("ranker@9");
    assertThat(body.get("funnel").get("candidates").toString()).isEqualTo("[\"1\",\"2\",\"3\"]");
    assertThat(body.get("funnel").get("ranked").toString()).isEqualTo("[\"3\",\"1\",\"2\"]");

    StubStage.Seen toRank = ranking.seen().getLast();
    assertThat(toRank.header("X-API-Key")).as("stages get the internal key, never the caller's").isEqualTo(INTERNAL_KEY);
    for (StubStage s : List.of(candidates, ranking, rerank)) {
      assertThat(s.seen().getLast().header("traceparent")).as("W3C trace context reaches every stage").contains(TRACE_ID);
    }
    // The variant's overrides reach the stages: "explore" sends its rerank params.
    String variant = body.get("variant").get("name").asString();
    String sent = rerank.seen().getLast().body();
    if (variant.equals("no-explore")) assertThat(sent).contains("\"explore\":false");
    else assertThat(sent).doesNotContain("\"params\"");
    // Without explain, no provenance.
    JsonNode plain = JSON.readTree(get("/v1/recommendations?userId=u1&count=2", API_KEY).body());
    assertThat(plain.get("items").get(0).has("explain")).isFalse();
    assertThat(plain.has("funnel")).isFalse();
  }

  @Test
  void theSameUserAlwaysGetsTheSameVariantAndTheExposureIsCounted() throws Exception {
    String first = JSON.readTree(get("/v1/recommendations?userId=sticky&count=2", API_KEY).body()).get("variant").get("name").asString();
    for (int i = 0; i < 5; i++) {
      assertThat(JSON.readTree(get("/v1/recommendations?userId=sticky&count=2", API_KEY).body()).get("variant").get("name").asString())
          .isEqualTo(first);
    }
    JsonNode report = JSON.readTree(get("/v1/experiments/explore/report", API_KEY).body());
    long requests = 0;
    for (JsonNode v : report.get("variants")) requests += v.get("requests").asLong();
    assertThat(requests).isGreaterThanOrEqualTo(6);
  }

  @Test
  void aFailedStageDegradesTheAnswerInsteadOfFailingIt() throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (cascade.popular().size() == 0 && System.nanoTime() < until) Thread.sleep(20);
    assertThat(cascade.popular().size()).as("popular items cached by the scheduled refresh").isPositive();
    rerank.answer("/internal/rerank", Answer.status(500));
    JsonNode body = JSON.readTree(get("/v1/recommendations?userId=u2&count=2", API_KEY).body());
    assertThat(body.get("degraded").get(0).asString()).isEqualTo("rerank");
    assertThat(body.get("items").get(0).get("itemId").asString()).as("ranked order").isEqualTo("3");

    ranking.answer("/internal/rank", Answer.status(503));
    candidates.answer("/internal/candidates", Answer.status(500));
    HttpResponse<String> r = get("/v1/recommendations?userId=u2&count=2", API_KEY);
    assertThat(r.statusCode()).as("popular items cached at start still answer: " + r.body()).isEqualTo(200);
    body = JSON.readTree(r.body());
    assertThat(body.get("degraded").toString()).contains("candidates", "ranking", "rerank");
    assertThat(body.get("items").size()).isEqualTo(2);
  }

  @Test
  void badRequestsAreProblemsNamingTheField() throws Exception {
    assertField(post("/v1/recommendations", API_KEY, "{\"userId\":\"u\",\"cuont\":3}"), 400, "cuont");
    assertField(post("/v1/recommendations", API_KEY, "{\"userId\":\"u\",\"count\":21}"), 400, "count");
    assertField(post("/v1/recommendations", API_KEY, "{\"userId\":7}"), 400, "userId");
    assertField(post("/v1/recommendations", API_KEY, "{\"userId\":\"u\",\"filters\":{\"categories\":[1]}}"), 400, "filters.categories[0]");
    assertField(post("/v1/recommendations", API_KEY, "{\"userId\":\"u\",\"userId\":\"v\"}"), 400, "body");
    assertField(get("/v1/recommendations?userId=u&cnt=2", API_KEY), 400, "cnt");
    assertField(get("/v1/recommendations?count=2", API_KEY), 400, "userId");
    HttpResponse<String> unknown = get("/v1/nothing-here", API_KEY);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
  }

  @Test
  void keysAreCheckedAndEachKeyIsRateLimited() throws Exception {
    assertThat(get("/v1/recommendations?userId=u", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/recommendations?userId=u", "wrong").statusCode()).isEqualTo(401);
    int ok = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 6 && refused == null; i++) {
      HttpResponse<String> r = get("/v1/recommendations?userId=u", LIMITED_KEY);
      if (r.statusCode() == 200) {
        ok++;
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        refused = r;
      }
    }
    assertThat(ok).isEqualTo(3);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(get("/v1/recommendations?userId=u", API_KEY).statusCode()).as("another key has its own bucket").isEqualTo(200);
  }

  @Test
  void eventsGoToTheFeatureStoreWithTheInternalKeyAndItsAnswerComesBack() throws Exception {
    String batch = "[{\"eventId\":\"e1\",\"userId\":\"ev-user\",\"itemId\":\"1\",\"type\":\"click\",\"timestamp\":\"2026-12-05T10:00:00Z\"},"
        + "{\"eventId\":\"e2\",\"userId\":\"ev-user\",\"itemId\":\"1\",\"type\":\"impression\",\"timestamp\":\"2026-12-05T10:00:00Z\"}]";
    HttpResponse<String> r = post("/v1/events", API_KEY, batch);
    assertThat(r.statusCode()).isEqualTo(202);
    StubStage.Seen seen = featureStore.seen().getLast();
    assertThat(seen.path()).isEqualTo("/internal/events");
    assertThat(seen.header("X-API-Key")).isEqualTo(INTERNAL_KEY);
    assertThat(seen.body()).isEqualTo(batch);
    JsonNode report = JSON.readTree(get("/v1/experiments/explore/report", API_KEY).body());
    long clicks = 0;
    long impressions = 0;
    for (JsonNode v : report.get("variants")) {
      clicks += v.get("clicks").asLong();
      impressions += v.get("impressions").asLong();
    }
    assertThat(clicks).isGreaterThanOrEqualTo(1);
    assertThat(impressions).isGreaterThanOrEqualTo(1);

    featureStore.answer("/internal/events", new Answer(400, b -> "{\"title\":\"Invalid request\",\"errors\":[{\"index\":0,\"field\":\"type\"}]}", 0));
    HttpResponse<String> bad = post("/v1/events", API_KEY, "[{}]");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"type\"");
  }

  @Test
  void onlyTheStageCallsUseTheApacheClientTheRoutesKeepTheJdkOne(
      @org.springframework.beans.factory.annotation.Autowired org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder<?> routes,
      @org.springframework.beans.factory.annotation.Autowired org.apache.hc.client5.http.impl.classic.CloseableHttpClient stages) {
    // httpclient5 on the classpath would make Boot pick it for every client it builds, with Apache's
    // default retry strategy (a 503 resent after 1 s); gateway.yml keeps the routes on the JDK client.
    assertThat(routes).isInstanceOf(org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder.class);
    assertThat(stages).isNotNull();
  }

  @Test
  void historyAndErasureAreRoutedToTheFeatureStore() throws Exception {
    featureStore.answer("/internal/users/u9/history", Answer.json("{\"userId\":\"u9\",\"entries\":[]}"));
    HttpResponse<String> h = get("/v1/users/u9/history?limit=5", API_KEY);
    assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
    assertThat(h.body()).contains("\"u9\"");
    StubStage.Seen seen = featureStore.seen().getLast();
    assertThat(seen.path()).isEqualTo("/internal/users/u9/history");
    assertThat(seen.header("X-API-Key")).isEqualTo(INTERNAL_KEY);

    featureStore.answer("/internal/users/u9", new Answer(204, b -> "", 0));
    assertThat(send(HttpRequest.newBuilder(uri("/v1/users/u9")).header("X-API-Key", API_KEY).DELETE()).statusCode()).isEqualTo(403);
    long before = featureStore.calls("/internal/users/u9");
    assertThat(send(HttpRequest.newBuilder(uri("/v1/users/u9")).header("X-API-Key", ADMIN_KEY).DELETE()).statusCode()).isEqualTo(204);
    assertThat(featureStore.calls("/internal/users/u9")).isEqualTo(before + 1);
  }

  @Test
  void itemsComeFromTheFeatureStore() throws Exception {
    try (RedisFeatureStore store = RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(),
        Clock.systemUTC())) {
      store.putItems(List.of(new Item("i42", "The Answer", List.of("Sci-Fi"), 1979, Map.of())));
    }
    HttpResponse<String> r = get("/v1/items/i42", API_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode item = JSON.readTree(r.body());
    assertThat(item.get("title").asString()).isEqualTo("The Answer");
    assertThat(item.get("categories").get(0).asString()).isEqualTo("Sci-Fi");
    assertThat(item.get("counters").get("impressionCount").asLong()).isZero();
    HttpResponse<String> missing = get("/v1/items/nope", API_KEY);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
  }

  @Test
  void experimentsAreListedWithoutTheirSaltAndReloadNeedsTheAdminKey() throws Exception {
    JsonNode list = JSON.readTree(get("/v1/experiments", API_KEY).body());
    assertThat(list.get("experiments").get(0).get("name").asString()).isEqualTo("explore");
    assertThat(list.toString()).doesNotContain("salt-1");
    assertThat(list.get("experiments").get(0).get("variants").get(0).get("share").asDouble()).isEqualTo(0.5);
    assertThat(post("/v1/admin/experiments/reload", API_KEY, "").statusCode()).isEqualTo(403);
    HttpResponse<String> r = post("/v1/admin/experiments/reload", ADMIN_KEY, "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(get("/v1/experiments/none/report", API_KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void anAdminPinsARankerModelOnlyOnceTheRankingServiceConfirmsIt() throws Exception {
    assertThat(put("/v1/admin/ranker-model", API_KEY, "{\"model\":\"ranker@old\"}").statusCode()).isEqualTo(403);
    ranking.answerOnce("/internal/rank", Answer.status(400));
    assertField(put("/v1/admin/ranker-model", ADMIN_KEY, "{\"model\":\"ranker@nope\"}"), 400, "model");
    assertField(put("/v1/admin/ranker-model", ADMIN_KEY, "{\"model\":\"other@1\"}"), 400, "model");
    HttpResponse<String> pinned = put("/v1/admin/ranker-model", ADMIN_KEY, "{\"model\":\"ranker@old\"}");
    assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
    assertThat(ranking.seen().getLast().body()).contains("\"candidates\":[]", "\"model\":\"ranker@old\"");
    try {
      get("/v1/recommendations?userId=pin-user&count=2", API_KEY);
      assertThat(ranking.seen().getLast().body()).contains("\"model\":\"ranker@old\"");
    } finally {
      assertThat(put("/v1/admin/ranker-model", ADMIN_KEY, "{\"model\":null}").statusCode()).isEqualTo(200);
    }
    get("/v1/recommendations?userId=pin-user&count=2", API_KEY);
    assertThat(ranking.seen().getLast().body()).doesNotContain("\"model\"");
  }

  /**
   * Seeded hostile input: thousands of generated bodies and query strings. None may yield a 5xx, and
   * every refusal is a problem document.
   */
  @Test
  void generatedHostileRequestsNeverYieldA5xx() throws Exception {
    Random random = new Random(20261205L);
    String[] fragments = {"{", "}", "[", "]", "\"userId\"", "\"count\"", ":", ",", "\"u\"", "-1", "1e309", "null", "true",
        "\"filters\"", "{\"categories\":", "\"excludeItemIds\"", "\"context\"", "\"explain\"", "\"\\u0000\"", "99999999999",
        "\"" + "x".repeat(300) + "\"", "0.5", "[\"a\"]", "{\"surface\":\"home\"}"};
    String[] params = {"userId", "count", "explain", "surface", "x", "", "userId[]", "%00", "count%20"};
    String[] values = {"u", "", "-3", "abc", "999999", "true", "%ZZ", "%00", "x".repeat(300), "1.5", "%E2%82"};
    for (int i = 0; i < 3000; i++) {
      HttpResponse<String> r;
      if (random.nextBoolean()) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(12);
        for (int k = 0; k < n; k++) b.append(fragments[random.nextInt(fragments.length)]);
        r = post("/v1/recommendations", API_KEY, b.toString());
      } else {
        StringBuilder q = new StringBuilder("/v1/recommendations?");
        int n = random.nextInt(5);
        for (int k = 0; k < n; k++) {
          if (k > 0) q.append('&');
          q.append(params[random.nextInt(params.length)]).append('=').append(values[random.nextInt(values.length)]);
        }
        try {
          r = get(q.toString(), API_KEY);
        } catch (IllegalArgumentException notAUri) {
          continue;
        }
      }
      assertThat(r.statusCode()).as("case %d: %s", i, r.body()).isLessThan(500);
      if (r.statusCode() >= 400) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as("case %d", i).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("127.0.0.1", "Exception", "\tat ");
      }
    }
  }

  private static void assertField(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"field\":\"" + field + "\"");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (key != null) b.header("X-API-Key", key);
    return send(b);
  }

  private HttpResponse<String> post(String path, String key, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) b.header("X-API-Key", key);
    return send(b);
  }

  private HttpResponse<String> put(String path, String key, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header("X-API-Key", key)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static StubStage stub() {
    try {
      return new StubStage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path experimentsFile() {
    try {
      Path f = Files.createTempFile("experiments", ".json");
      Files.writeString(f, """
          {"experiments":[{"name":"explore","salt":"salt-1","variants":[
            {"name":"control","weight":50},
            {"name":"no-explore","weight":50,"overrides":{"rerankParams":{"explore":false}}}]}]}
          """);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
