package io.recsys.gateway.cascade;

import io.recsys.gateway.cascade.StageMessages.Candidate;
import io.recsys.gateway.cascade.StageMessages.CandidatesAnswer;
import io.recsys.gateway.cascade.StageMessages.CandidatesCall;
import io.recsys.gateway.cascade.StageMessages.Filters;
import io.recsys.gateway.cascade.StageMessages.RankAnswer;
import io.recsys.gateway.cascade.StageMessages.RankCall;
import io.recsys.gateway.cascade.StageMessages.Ranked;
import io.recsys.gateway.cascade.StageMessages.RerankAnswer;
import io.recsys.gateway.cascade.StageMessages.RerankCall;
import io.recsys.gateway.cascade.StageMessages.RerankItem;
import io.recsys.gateway.cascade.StageMessages.SlateItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path: candidates → rank → rerank, each under its budget and the request's, with the
 * degradation ladder. Read top to bottom as the request flows:
 *
 * <ol>
 *   <li>candidates ({@code POST /internal/candidates}); on failure: the popular items cached in memory
 *   <li>rank ({@code POST /internal/rank}); on failure: candidate order
 *   <li>rerank ({@code POST /internal/rerank}); on failure: ranked order
 * </ol>
 *
 * A stage that fails is listed in {@code degraded} and counted; the later stages still run on what the
 * earlier ones produced (popular items are ranked and re-ranked when those stages are up). A stage
 * whose settings say {@code fail-open: false} fails the request instead. The only answer without items
 * is an honest empty one (a filter that matches nothing), or a {@link CascadeUnavailableException}
 * when no path to an answer is left.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class RecommendationCascade {
  private static final Logger log = LoggerFactory.getLogger(RecommendationCascade.class);

  private final StageClient candidates;
  private final StageClient ranking;
  private final StageClient rerank;
  private final PopularItems popular;
  private final CascadeMetrics metrics;
  private final Duration requestBudget;
  private final Duration minStageBudget;
  private final int candidateCount;

  public RecommendationCascade(StageClient candidates, StageClient ranking, StageClient rerank, PopularItems popular,
      CascadeMetrics metrics, Duration requestBudget, Duration minStageBudget, int candidateCount) {
    this.candidates = require(candidates, Stage.CANDIDATES);
    this.ranking = require(ranking, Stage.RANKING);
    this.rerank = require(rerank, Stage.RERANK);
    this.popular = popular;
    this.metrics = metrics;
    this.requestBudget = requestBudget;
    this.minStageBudget = minStageBudget;
    this.candidateCount = candidateCount;
  }

  public CascadeResult recommend(CascadeRequest r) {
    long deadline = System.nanoTime() + requestBudget.toNanos();
    List<String> degraded = new ArrayList<>(3);

    // 1. Candidates; fallback: popular items from memory.
    StageResult<CandidatesAnswer> c = run(candidates, r, deadline, new CandidatesCall(r.userId(), candidateCount,
        r.categories().isEmpty() ? null : new Filters(r.categories()), r.excludeItemIds(), r.overrides().candidateStrategy()),
        CandidatesAnswer.class);
    List<Candidate> pool;
    String candidateModel;
    if (c.ok()) {
      pool = c.value().candidates() == null ? List.of() : c.value().candidates();
      candidateModel = c.value().modelVersion();
      if (pool.isEmpty()) return CascadeResult.empty(degraded, candidateModel);
    } else {
      failClosedUnless(candidates, c);
      pool = popular.top(candidateCount, r.categories(), r.excludeItemIds());
      candidateModel = popular.snapshot().modelVersion();
      degrade(degraded, Stage.CANDIDATES, c);
      if (pool.isEmpty() && popular.size() == 0) {
        throw new CascadeUnavailableException(Stage.CANDIDATES, "the candidate stage failed (" + c.outcome().tag()
            + ") and no popular items are cached yet");
      }
      if (pool.isEmpty()) return CascadeResult.empty(degraded, candidateModel);
    }

    // 2. Rank; fallback: candidate order.
    StageResult<RankAnswer> k = run(ranking, r, deadline, new RankCall(r.userId(), pool, r.overrides().rankerModel()), RankAnswer.class);
    List<Ranked> ranked;
    String rankerModel = null;
    if (k.ok() && k.value().items() != null) {
      ranked = withUnknownAfter(k.value().items(), pool);
      rankerModel = k.value().modelVersion();
    } else {
      failClosedUnless(ranking, k);
      ranked = candidateOrder(pool);
      degrade(degraded, Stage.RANKING, k);
    }

    // 3. Rerank; fallback: ranked order.
    Map<String, Candidate> byId = index(pool);
    StageResult<RerankAnswer> s = run(rerank, r, deadline, new RerankCall(r.userId(), rerankItems(ranked, byId), r.count(),
        r.overrides().rerankParams().isEmpty() ? null : r.overrides().rerankParams()), RerankAnswer.class);
    List<ServedItem> items;
    String policy = null;
    if (s.ok() && s.value().items() != null) {
      policy = s.value().policy();
      items = fromSlate(s.value().items(), ranked, byId, policy);
    } else {
      failClosedUnless(rerank, s);
      items = fromRanked(ranked, byId, r.count());
      degrade(degraded, Stage.RERANK, s);
    }
    return new CascadeResult(items, degraded, candidateModel, rankerModel, policy, pool, ranked);
  }

  /** One stage call under what is left of the request's budget; skipped when too little is. */
  private <T> StageResult<T> run(StageClient client, CascadeRequest r, long deadline, Object body, Class<T> type) {
    long leftNanos = deadline - System.nanoTime();
    StageResult<T> result;
    if (leftNanos < minStageBudget.toNanos()) {
      result = StageResult.skipped("request budget spent (" + Math.max(0, leftNanos / 1_000_000) + " ms left)");
    } else {
      result = client.call(r.overrides().backend(client.stage()), body, type, Duration.ofNanos(leftNanos));
    }
    metrics.stage(client.stage(), r.variantTag(), result.outcome(), result.nanos());
    if (!result.ok()) {
      log.debug("request {}: {} {} ({})", r.requestId(), client.stage().wireName(), result.outcome().tag(), result.detail());
    }
    return result;
  }

  private void degrade(List<String> degraded, Stage stage, StageResult<?> result) {
    degraded.add(stage.wireName());
    metrics.degraded(stage, result.outcome());
  }

  private static void failClosedUnless(StageClient client, StageResult<?> result) {
    if (!client.settings().failOpen()) {
      throw new CascadeUnavailableException(client.stage(), "the " + client.stage().wireName() + " stage failed ("
          + result.outcome().tag() + ") and is configured not to fail open");
    }
  }

  /** The ranker drops ids it does not know; they follow the ranked ones in candidate order, so a slate still fills. */
  private static List<Ranked> withUnknownAfter(List<Ranked> ranked, List<Candidate> pool) {
    if (ranked.size() >= pool.size()) return ranked;
    Set<String> seen = new HashSet<>(ranked.size() * 2);
    for (Ranked x : ranked) seen.add(x.itemId());
    List<Ranked> out = new ArrayList<>(pool.size());
    out.addAll(ranked);
    for (Candidate c : pool) if (!seen.contains(c.itemId())) out.add(new Ranked(c.itemId(), c.score(), Map.of()));
    return out;
  }

  private static List<Ranked> candidateOrder(List<Candidate> pool) {
    List<Ranked> out = new ArrayList<>(pool.size());
    for (Candidate c : pool) out.add(new Ranked(c.itemId(), c.score(), Map.of()));
    return out;
  }

  private static List<RerankItem> rerankItems(List<Ranked> ranked, Map<String, Candidate> byId) {
    List<RerankItem> out = new ArrayList<>(ranked.size());
    for (Ranked x : ranked) {
      Candidate c = byId.get(x.itemId());
      out.add(new RerankItem(x.itemId(), x.score(), x.tasks() == null || x.tasks().isEmpty() ? null : x.tasks(),
          c == null ? null : c.sources()));
    }
    return out;
  }

  private static List<ServedItem> fromSlate(List<SlateItem> slate, List<Ranked> ranked, Map<String, Candidate> byId, String policy) {
    Map<String, Ranked> rankedById = new HashMap<>(ranked.size() * 2);
    for (Ranked x : ranked) rankedById.put(x.itemId(), x);
    List<ServedItem> out = new ArrayList<>(slate.size());
    for (SlateItem s : slate) {
      out.add(served(s.itemId(), s.score(), s.propensity(), rankedById.get(s.itemId()), byId.get(s.itemId()), policy));
    }
    return out;
  }

  private static List<ServedItem> fromRanked(List<Ranked> ranked, Map<String, Candidate> byId, int count) {
    int n = Math.min(count, ranked.size());
    List<ServedItem> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Ranked x = ranked.get(i);
      out.add(served(x.itemId(), x.score(), null, x, byId.get(x.itemId()), null));
    }
    return out;
  }

  private static ServedItem served(String itemId, double score, Double propensity, Ranked ranked, Candidate candidate, String policy) {
    Map<String, Double> tasks = ranked == null || ranked.tasks() == null ? Map.of() : ranked.tasks();
    List<String> sources = candidate == null || candidate.sources() == null ? List.of() : candidate.sources();
    return new ServedItem(itemId, score, propensity, sources, candidate == null ? 0 : candidate.score(), tasks, policy);
  }

  private static Map<String, Candidate> index(List<Candidate> pool) {
    Map<String, Candidate> m = new HashMap<>(pool.size() * 2);
    for (Candidate c : pool) m.putIfAbsent(c.itemId(), c);
    return m;
  }

  private static StageClient require(StageClient client, Stage stage) {
    if (client.stage() != stage) throw new IllegalArgumentException("expected the " + stage + " client, got " + client.stage());
    return client;
  }

  /** The last rung of the ladder (the gateway schedules its refresh). */
  public PopularItems popular() {
    return popular;
  }

  public StageClient client(Stage stage) {
    return switch (stage) {
      case CANDIDATES -> candidates;
      case RANKING -> ranking;
      case RERANK -> rerank;
    };
  }
}
