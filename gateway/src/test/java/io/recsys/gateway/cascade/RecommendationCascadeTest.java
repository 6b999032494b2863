package io.recsys.gateway.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStores;
import io.recsys.gateway.StubStage;
import io.recsys.gateway.StubStage.Answer;
import io.recsys.gateway.config.StageSettings;
import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

/** The cascade and its degradation ladder against real HTTP stub stages that inject latency and errors. */
class RecommendationCascadeTest {
  static final String KEY = "internal-test-key";
  static final String CANDIDATES = "{\"candidates\":["
      + "{\"itemId\":\"1\",\"score\":0.9,\"sources\":[\"knn-embed:cluster-3\"],\"sourceScores\":{\"knn-embed\":0.85}},"
      + "{\"itemId\":\"2\",\"score\":0.8,\"sources\":[\"pi2i:trigger-9\"]},"
      + "{\"itemId\":\"3\",\"score\":0.7,\"sources\":[\"popular\"]},"
      + "{\"itemId\":\"4\",\"score\":0.6,\"sources\":[\"knn-embed:cluster-1\",\"pi2i:trigger-9\"]}],\"modelVersion\":\"bundle-7\"}";
  static final String RANKED = "{\"items\":["
      + "{\"itemId\":\"4\",\"score\":0.4,\"tasks\":{\"click\":0.3,\"engage\":0.1}},"
      + "{\"itemId\":\"2\",\"score\":0.3,\"tasks\":{\"click\":0.2,\"engage\":0.1}},"
      + "{\"itemId\":\"1\",\"score\":0.2,\"tasks\":{\"click\":0.1,\"engage\":0.05}}],"
      + "\"modelVersion\":\"ranker@9\",\"unknownItemIds\":[\"3\"]}";
  static final String SLATE = "{\"items\":[{\"itemId\":\"2\",\"score\":0.3,\"propensity\":0.6},{\"itemId\":\"4\",\"score\":0.4,\"propensity\":0.4}],"
      + "\"policy\":\"ts+mmr\",\"seed\":5}";
  static final String POPULAR = "{\"candidates\":[{\"itemId\":\"p1\",\"score\":9,\"sources\":[\"popular\"]},"
      + "{\"itemId\":\"p2\",\"score\":8,\"sources\":[\"popular\"]},{\"itemId\":\"p3\",\"score\":7,\"sources\":[\"popular\"]}],\"modelVersion\":\"bundle-7\"}";

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
  final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  final CloseableHttpClient http = StageClient.pooledHttpClient(16, Duration.ofMillis(500));
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final FeatureStore store = FeatureStores.open("", false, clock);
  StubStage candidates;
  StubStage ranking;
  StubStage rerank;

  @BeforeEach
  void start() throws Exception {
    candidates = new StubStage().answer("/internal/candidates", Answer.json(CANDIDATES));
    ranking = new StubStage().answer("/internal/rank", Answer.json(RANKED));
    rerank = new StubStage().answer("/internal/rerank", Answer.json(SLATE));
  }

  @AfterEach
  void stop() {
    candidates.close();
    ranking.close();
    rerank.close();
    executor.shutdownNow();
    http.close(CloseMode.IMMEDIATE);
    store.close();
  }

  StageSettings settings(String url, long budgetMillis) {
    return new StageSettings(url, Duration.ofMillis(budgetMillis), null, null, null, null, 4, 4, null, Duration.ofSeconds(5))
        .withDefaults("test", Duration.ofMillis(budgetMillis));
  }

  StageClient client(Stage stage, StageSettings s) {
    // The gateway's own client (GatewayConfiguration), not RestClient.create(): with Apache HttpClient
    // on the classpath the latter would pick its default strategy, which resends a 503 itself.
    return new StageClient(stage, s, RestClient.builder().requestFactory(new HttpComponentsClientHttpRequestFactory(http)).build(),
        KEY, executor, StageClient.Resilience.create(), clock);
  }

  RecommendationCascade cascade(StageClient c, StageClient k, StageClient r, Duration requestBudget) {
    PopularItems popular = new PopularItems(c, store, 100, clock);
    return new RecommendationCascade(c, k, r, popular, new CascadeMetrics(meters), requestBudget, Duration.ofMillis(3), 100);
  }

  RecommendationCascade cascade() {
    return cascade(client(Stage.CANDIDATES, settings(candidates.url(), 1000)), client(Stage.RANKING, settings(ranking.url(), 1000)),
        client(Stage.RERANK, settings(rerank.url(), 1000)), Duration.ofSeconds(3));
  }

  static CascadeRequest request(String user, int count) {
    return new CascadeRequest("r-1", user, count, List.of(), List.of(), StageOverrides.NONE, CascadeMetrics.NO_VARIANT);
  }

  static List<String> ids(CascadeResult r) {
    List<String> out = new ArrayList<>();
    for (ServedItem s : r.items()) out.add(s.itemId());
    return out;
  }

  @Test
  void servesTheRerankedSlateWithProvenanceWhenEveryStageAnswers() {
    CascadeResult r = cascade().recommend(request("u1", 2));
    assertThat(ids(r)).containsExactly("2", "4");
    assertThat(r.degraded()).isEmpty();
    ServedItem first = r.items().getFirst();
    assertThat(first.propensity()).isEqualTo(0.6);
    assertThat(first.sources()).containsExactly("pi2i:trigger-9");
    assertThat(first.retrievalScore()).isEqualTo(0.8);
    assertThat(first.rankScores()).containsEntry("click", 0.2);
    assertThat(first.rerank()).isEqualTo("ts+mmr");
    assertThat(r.candidateModel()).isEqualTo("bundle-7");
    assertThat(r.rankerModel()).isEqualTo("ranker@9");
    assertThat(r.candidateIds()).as("the funnel: retrieval order").containsExactly("1", "2", "3", "4");
    assertThat(r.rankedIds()).as("the funnel: ranked, the unknown item after").containsExactly("4", "2", "1", "3");
    // Every call carries the internal key; the ranker saw every candidate, the re-ranker the ranked
    // ones with the item the ranker did not know after them.
    for (StubStage s : List.of(candidates, ranking, rerank)) assertThat(s.seen().getFirst().header("X-API-Key")).isEqualTo(KEY);
    assertThat(ranking.seen().getFirst().body()).contains("\"itemId\":\"3\"");
    assertThat(ranking.seen().getFirst().body()).as("each source's score reaches the ranker (a feature)")
        .contains("\"sourceScores\":{\"knn-embed\":0.85}");
    String sent = rerank.seen().getFirst().body();
    assertThat(sent.indexOf("\"itemId\":\"4\"")).isLessThan(sent.indexOf("\"itemId\":\"2\""));
    assertThat(sent.indexOf("\"itemId\":\"1\"")).isLessThan(sent.indexOf("\"itemId\":\"3\""));
    assertThat(sent).contains("\"slateSize\":2");
  }

  @Test
  void returnsRankedOrderWhenRerankFails() {
    rerank.answer("/internal/rerank", Answer.status(500));
    CascadeResult r = cascade().recommend(request("u1", 3));
    assertThat(ids(r)).containsExactly("4", "2", "1");
    assertThat(r.degraded()).containsExactly("rerank");
    assertThat(r.items().getFirst().propensity()).isNull();
    assertThat(r.items().getFirst().rankScores()).containsEntry("click", 0.3);
    assertThat(meters.counter("gateway.degraded", "stage", "rerank", "cause", "error").count()).isEqualTo(1);
  }

  @Test
  void returnsCandidateOrderWhenRankingTimesOut() {
    ranking.answer("/internal/rank", Answer.json(RANKED).delayed(3000));
    StageClient k = client(Stage.RANKING, settings(ranking.url(), 150));
    RecommendationCascade cascade = cascade(client(Stage.CANDIDATES, settings(candidates.url(), 1000)), k,
        client(Stage.RERANK, settings(rerank.url(), 1000)), Duration.ofSeconds(3));
    rerank.answer("/internal/rerank", Answer.status(503));
    long t0 = System.nanoTime();
    CascadeResult r = cascade.recommend(request("u1", 3));
    long tookMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ids(r)).containsExactly("1", "2", "3");
    assertThat(r.degraded()).containsExactly("ranking", "rerank");
    assertThat(r.rankedIds()).as("the funnel without the ranker: candidate order").containsExactly("1", "2", "3", "4");
    assertThat(tookMillis).as("the 3 s ranking call is abandoned at its budget").isLessThan(2500);
    assertThat(meters.counter("gateway.degraded", "stage", "ranking", "cause", "timeout").count()).isEqualTo(1);
  }

  @Test
  void returnsPopularItemsWhenCandidatesFailAndStillRanksThem() {
    candidates.answer("/internal/candidates", Answer.json(POPULAR));
    RecommendationCascade cascade = cascade();
    PopularItems popular = popularOf(cascade);
    assertThat(popular.refresh()).isTrue();
    assertThat(candidates.seen().getFirst().body()).contains("\"strategy\":\"popular\"");
    candidates.close();
    ranking.answer("/internal/rank", Answer.json("{\"items\":[{\"itemId\":\"p3\",\"score\":0.5,\"tasks\":{\"click\":0.5}},"
        + "{\"itemId\":\"p1\",\"score\":0.4,\"tasks\":{\"click\":0.4}}],\"modelVersion\":\"ranker@9\"}"));
    rerank.answer("/internal/rerank", Answer.status(500));
    CascadeResult r = cascade.recommend(new CascadeRequest("r", "u1", 5, List.of(), List.of("p2"), StageOverrides.NONE, "none"));
    assertThat(ids(r)).containsExactly("p3", "p1");
    assertThat(r.degraded()).containsExactly("candidates", "rerank");
  }

  @Test
  void popularFallbackKeepsACategoryFilter() {
    store.putItems(List.of(new Item("p1", "", List.of("Drama"), 0, Map.of()), new Item("p2", "", List.of("Comedy"), 0, Map.of())));
    candidates.answer("/internal/candidates", Answer.json(POPULAR));
    RecommendationCascade cascade = cascade();
    popularOf(cascade).refresh();
    candidates.answer("/internal/candidates", Answer.status(503));
    ranking.answer("/internal/rank", Answer.status(503));
    rerank.answer("/internal/rerank", Answer.status(503));
    CascadeResult r = cascade.recommend(new CascadeRequest("r", "u1", 5, List.of("Comedy"), List.of(), StageOverrides.NONE, "none"));
    assertThat(ids(r)).as("p3's categories are unknown: not served under a filter").containsExactly("p2");
    assertThat(r.degraded()).containsExactly("candidates", "ranking", "rerank");
  }

  @Test
  void isUnavailableWhenCandidatesFailAndNoPopularItemsAreCached() {
    candidates.answer("/internal/candidates", Answer.status(500));
    assertThatThrownBy(() -> cascade().recommend(request("u1", 2))).isInstanceOf(CascadeUnavailableException.class)
        .hasMessageContaining("no popular items are cached");
  }

  @Test
  void aStageDeclaredFailClosedFailsTheRequest() {
    rerank.answer("/internal/rerank", Answer.status(500));
    StageSettings closed = new StageSettings(rerank.url(), Duration.ofSeconds(1), false, 0, null, null, null, null, null, null)
        .withDefaults("rerank", Duration.ofSeconds(1));
    RecommendationCascade cascade = cascade(client(Stage.CANDIDATES, settings(candidates.url(), 1000)),
        client(Stage.RANKING, settings(ranking.url(), 1000)), client(Stage.RERANK, closed), Duration.ofSeconds(3));
    assertThatThrownBy(() -> cascade.recommend(request("u1", 2))).isInstanceOf(CascadeUnavailableException.class)
        .hasMessageContaining("not to fail open");
  }

  @Test
  void everyStageIsHeldToItsConfiguredBudget() {
    // The trap this guards against: Spring Cloud CircuitBreaker's implicit 1 s TimeLimiter, or a
    // default that silently replaces the configured timeout. Each stage's effective timeout is read
    // back from its registered TimeLimiter, and a stage that never answers is abandoned near it.
    long[] budgets = {120, 90, 60};
    Stage[] stages = {Stage.CANDIDATES, Stage.RANKING, Stage.RERANK};
    StubStage[] stubs = {candidates, ranking, rerank};
    for (int i = 0; i < 3; i++) {
      StageClient c = client(stages[i], settings(stubs[i].url(), budgets[i]));
      assertThat(c.effectiveTimeout()).isEqualTo(Duration.ofMillis(budgets[i]));
      stubs[i].answer(stages[i].path(), Answer.json("{}").delayed(5000));
      StageResult<String> r = c.call(null, Map.of(), String.class, Duration.ofSeconds(10));
      assertThat(r.outcome()).isEqualTo(StageOutcome.TIMEOUT);
      assertThat(r.nanos()).as(stages[i] + " abandoned at its budget, far from the 5 s answer and from 1 s")
          .isBetween(budgets[i] * 1_000_000L, 900_000_000L);
    }
  }

  @Test
  void aStageGetsNoMoreThanWhatIsLeftOfTheRequestBudget() {
    StageClient c = client(Stage.RANKING, settings(ranking.url(), 2000));
    ranking.answer("/internal/rank", Answer.json("{}").delayed(5000));
    StageResult<String> r = c.call(null, Map.of(), String.class, Duration.ofMillis(100));
    assertThat(r.outcome()).isEqualTo(StageOutcome.TIMEOUT);
    assertThat(r.nanos()).isLessThan(900_000_000L);
  }

  @Test
  void retriesAFailedCallWithinTheBudgetButNeverA4xx() {
    ranking.answerOnce("/internal/rank", Answer.status(503));
    StageClient c = client(Stage.RANKING, settings(ranking.url(), 1000));
    assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.OK);
    assertThat(ranking.calls("/internal/rank")).isEqualTo(2);

    ranking.answer("/internal/rank", Answer.status(400));
    assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.REJECTED);
    assertThat(ranking.calls("/internal/rank")).as("a 4xx is not retried").isEqualTo(3);
  }

  @Test
  void theBreakerOpensAfterFailuresAndLetsTrialCallsThroughOnceItsWaitIsOver() {
    ranking.answer("/internal/rank", Answer.status(500));
    StageSettings s = new StageSettings(ranking.url(), Duration.ofSeconds(1), null, 0, null, null, 4, 4, 50f, Duration.ofSeconds(5))
        .withDefaults("ranking", Duration.ofSeconds(1));
    StageClient c = client(Stage.RANKING, s);
    for (int i = 0; i < 4; i++) assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.ERROR);
    assertThat(c.breaker(null).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.CIRCUIT_OPEN);
    assertThat(ranking.calls("/internal/rank")).as("an open breaker does not call").isEqualTo(4);

    ranking.answer("/internal/rank", Answer.json("{}"));
    clock.advance(Duration.ofSeconds(6));
    for (int i = 0; i < 3; i++) assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.OK);
    assertThat(c.breaker(null).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void a4xxDoesNotOpenTheBreaker() {
    ranking.answer("/internal/rank", Answer.status(400));
    StageSettings s = new StageSettings(ranking.url(), Duration.ofSeconds(1), null, 0, null, null, 4, 4, 50f, null)
        .withDefaults("ranking", Duration.ofSeconds(1));
    StageClient c = client(Stage.RANKING, s);
    for (int i = 0; i < 8; i++) c.call(null, Map.of(), String.class, Duration.ofSeconds(1));
    assertThat(c.breaker(null).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void theBulkheadRefusesCallsBeyondItsLimitAtOnce() throws Exception {
    ranking.answer("/internal/rank", Answer.json("{}").delayed(600));
    StageSettings s = new StageSettings(ranking.url(), Duration.ofSeconds(2), null, 0, null, 1, null, null, null, null)
        .withDefaults("ranking", Duration.ofSeconds(2));
    StageClient c = client(Stage.RANKING, s);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<StageResult<String>> first = pool.submit(() -> c.call(null, Map.of(), String.class, Duration.ofSeconds(2)));
      while (ranking.calls("/internal/rank") == 0) Thread.onSpinWait();
      StageResult<String> second = c.call(null, Map.of(), String.class, Duration.ofSeconds(2));
      assertThat(second.outcome()).isEqualTo(StageOutcome.BULKHEAD_FULL);
      assertThat(first.get().outcome()).isEqualTo(StageOutcome.OK);
    }
    assertThat(ranking.maxInFlight()).isEqualTo(1);
  }

  @Test
  void aCanaryBackendHasItsOwnBreaker() throws Exception {
    try (StubStage canary = new StubStage().answer("/internal/rank", Answer.status(500))) {
      StageSettings s = new StageSettings(ranking.url(), Duration.ofSeconds(1), null, 0, null, null, 4, 4, 50f, null)
          .withDefaults("ranking", Duration.ofSeconds(1));
      StageClient c = client(Stage.RANKING, s);
      for (int i = 0; i < 4; i++) c.call(canary.url(), Map.of(), String.class, Duration.ofSeconds(1));
      assertThat(c.breaker(canary.url()).getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(c.breaker(null).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(c.call(null, Map.of(), String.class, Duration.ofSeconds(1)).outcome()).isEqualTo(StageOutcome.OK);
    }
  }

  @Test
  void variantOverridesReachTheStages() {
    StageOverrides o = new StageOverrides("knn-embed", "ranker@2026-01", Map.of("explore", false), Map.of());
    cascade().recommend(new CascadeRequest("r", "u1", 2, List.of(), List.of(), o, "exp/b"));
    assertThat(candidates.seen().getFirst().body()).contains("\"strategy\":\"knn-embed\"");
    assertThat(ranking.seen().getFirst().body()).contains("\"model\":\"ranker@2026-01\"");
    assertThat(rerank.seen().getFirst().body()).contains("\"params\":{\"explore\":false}");
    assertThat(meters.find("gateway.stage").tag("variant", "exp/b").timers()).hasSize(3);
  }

  private static PopularItems popularOf(RecommendationCascade cascade) {
    return cascade.popular();
  }
}
