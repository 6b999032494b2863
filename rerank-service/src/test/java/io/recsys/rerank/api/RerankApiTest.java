package io.recsys.rerank.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.rerank.RerankServiceApplication;
import io.recsys.testsupport.RedisExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The service as it runs: real HTTP on a random port, a real Redis holding item categories and
 * embeddings (three near-identical "action" items and distinct others) and a user's history.
 */
@SpringBootTest(classes = RerankServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + RerankServiceApplication.CONFIG_NAME,
    "recsys.security.api-key=" + RerankApiTest.API_KEY,
    "recsys.security.internal-key=" + RerankApiTest.INTERNAL_KEY,
    "recsys.rerank.max-slate-size=20",
    "logging.level.root=WARN"})
@DirtiesContext
class RerankApiTest {
  static final String API_KEY = "test-api-key";
  static final String INTERNAL_KEY = "test-internal-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int ITEMS = 30;

  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @LocalServerPort int port;

  /** Items a0..a2 are near-duplicates (same genre, same direction); b3..b29 spread over five genres and directions. */
  @BeforeEach
  void loadItems() {
    try (RedisFeatureStore store = RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(),
        Clock.systemUTC())) {
      List<Item> items = new ArrayList<>();
      Map<String, float[]> vectors = new HashMap<>();
      String[] genres = {"Drama", "Comedy", "Horror", "Sci-Fi", "Romance"};
      for (int i = 0; i < ITEMS; i++) {
        String id = id(i);
        float[] v = new float[8];
        if (i < 3) {
          items.add(new Item(id, id, List.of("Action"), Item.UNKNOWN_YEAR, Map.of()));
          v[0] = 1;
          v[1] = 0.01f * i;
        } else {
          items.add(new Item(id, id, List.of(genres[i % genres.length]), Item.UNKNOWN_YEAR, Map.of()));
          v[1 + i % 7] = 1;
          v[0] = 0.05f;
        }
        vectors.put(id, v);
      }
      store.putItems(items);
      store.putEmbeddings(vectors);
      store.appendHistory("carol", List.of(new HistoryEntry(id(5), InteractionType.CLICK, 1_000),
          new HistoryEntry(id(6), InteractionType.IMPRESSION, 2_000)));
    }
  }

  static String id(int i) {
    return (i < 3 ? "a" : "b") + i;
  }

  /** The ranker's list: a0, a1, a2 on top with the highest probabilities, then falling. */
  static String ranked() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      double p = 0.30 - 0.008 * i;
      out.add("{\"itemId\":\"" + id(i) + "\",\"score\":" + (p * 1.2) + ",\"tasks\":{\"click\":" + p + ",\"engage\":" + (p / 2) + "}}");
    }
    return "[" + String.join(",", out) + "]";
  }

  private HttpResponse<String> post(String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/rerank"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) b.header("X-API-Key", key);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String body) throws Exception {
    HttpResponse<String> r = post(body, INTERNAL_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(JsonNode r) {
    List<String> out = new ArrayList<>();
    for (JsonNode i : r.get("items")) out.add(i.get("itemId").asString());
    return out;
  }

  @Test
  void diversifiesTheSlateDropsSeenItemsAndReturnsPropensities() throws Exception {
    JsonNode r = ok("{\"userId\":\"carol\",\"items\":" + ranked() + ",\"slateSize\":10,\"params\":{\"seed\":7}}");
    List<String> slate = ids(r);
    assertThat(slate).hasSize(10).doesNotHaveDuplicates();
    assertThat(slate).as("carol clicked b5; an impression alone (b6) does not hide an item").doesNotContain("b5");
    long nearDuplicates = slate.stream().filter(s -> s.startsWith("a")).count();
    assertThat(nearDuplicates).as("three near-identical top items do not take three slots").isLessThanOrEqualTo(2);
    assertThat(r.get("policy").asString()).contains("ts");
    for (JsonNode i : r.get("items")) assertThat(i.get("propensity").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(r.get("degraded")).isEmpty();
  }

  @Test
  void aSeedReproducesTheSlateAndExplorationCanBeSwitchedOff() throws Exception {
    String body = "{\"userId\":\"dave\",\"items\":" + ranked() + ",\"slateSize\":8,\"params\":{\"seed\":11}}";
    assertThat(ids(ok(body))).isEqualTo(ids(ok(body)));
    Set<List<String>> slates = new HashSet<>();
    for (int s = 0; s < 8; s++) slates.add(ids(ok("{\"userId\":\"dave\",\"items\":" + ranked() + ",\"slateSize\":8,\"params\":{\"seed\":" + s + "}}")));
    assertThat(slates).as("exploration varies the slate across seeds").hasSizeGreaterThan(1);
    String greedy = "{\"userId\":\"dave\",\"items\":" + ranked() + ",\"slateSize\":8,\"params\":{\"explore\":false,\"seed\":";
    JsonNode g = ok(greedy + "1}}");
    assertThat(ids(g)).isEqualTo(ids(ok(greedy + "2}}")));
    for (JsonNode i : g.get("items")) assertThat(i.get("propensity").asDouble()).isEqualTo(1.0);
  }

  @Test
  void pinnedAndBoostedItemsAndCategoryCapsAreHonoured() throws Exception {
    JsonNode r = ok("{\"userId\":\"erin\",\"items\":" + ranked() + ",\"slateSize\":10,\"params\":{\"explore\":false,"
        + "\"pinned\":{\"b29\":0},\"boosted\":{\"b28\":100},\"maxPerCategory\":2,\"diversity\":\"dpp\"}}");
    List<String> slate = ids(r);
    assertThat(slate.getFirst()).isEqualTo("b29");
    assertThat(slate).contains("b28");
    Map<Integer, Integer> perGenre = new HashMap<>();
    for (String s : slate) if (s.startsWith("b")) perGenre.merge(Integer.parseInt(s.substring(1)) % 5, 1, Integer::sum);
    assertThat(perGenre.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
  }

  @Test
  void fewerItemsThanTheSlateReturnWhatThereIsAndNoItemsGiveAnEmptySlate() throws Exception {
    JsonNode r = ok("{\"userId\":\"u\",\"items\":[{\"itemId\":\"b3\"},{\"itemId\":\"b4\"},{\"itemId\":\"unknown\"}],\"slateSize\":10}");
    assertThat(ids(r)).containsExactlyInAnyOrder("b3", "b4", "unknown");
    assertThat(ok("{\"userId\":\"u\",\"items\":[]}").get("items")).isEmpty();
  }

  @Test
  void badRequestsAreProblemsNamingEveryField() throws Exception {
    HttpResponse<String> r = post("{\"userId\":\"u\",\"items\":" + ranked() + ",\"slateSize\":21}", INTERNAL_KEY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(r.body()).contains("\"field\":\"slateSize\"").contains("20");
    r = post("{\"userId\":\"u\",\"items\":[{\"itemId\":\"x\",\"tasks\":{\"click\":2}}],\"params\":{\"temperature\":1,"
        + "\"mmrLambda\":3,\"diversity\":\"random\",\"explore\":\"yes\"}}", INTERNAL_KEY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"params.temperature\"", "\"field\":\"params.mmrLambda\"", "\"field\":\"params.diversity\"",
        "\"field\":\"params.explore\"", "\"field\":\"items[0].tasks.click\"");
    assertThat(post("{\"userId\":\"u\",\"items\":[]}", null).statusCode()).isEqualTo(401);
  }
}
