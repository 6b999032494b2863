package io.recsys.gateway.api;

import io.recsys.gateway.cascade.CascadeMetrics;
import io.recsys.gateway.cascade.CascadeRequest;
import io.recsys.gateway.cascade.CascadeResult;
import io.recsys.gateway.cascade.RankerModelSwitch;
import io.recsys.gateway.cascade.RecommendationCascade;
import io.recsys.gateway.cascade.ServedItem;
import io.recsys.gateway.cascade.StageOverrides;
import io.recsys.gateway.experiment.ExperimentRouting;
import io.recsys.gateway.experiment.ExperimentRouting.Routed;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET}/{@code POST /v1/recommendations}: validates the request, assigns the user's A/B variant,
 * runs the cascade and answers with the slate, the variant and the degraded stages. Never a 5xx while
 * any rung of the degradation ladder answers; 503 (problem, {@code Retry-After}) when none does.
 */
@RestController
public class RecommendationsController {
  private final RecommendationRequestParser parser;
  private final RecommendationCascade cascade;
  private final ExperimentRouting experiments;
  private final CascadeMetrics metrics;
  private final RankerModelSwitch models;
  private final long maxBodyBytes;

  public RecommendationsController(RecommendationRequestParser parser, RecommendationCascade cascade, ExperimentRouting experiments,
      CascadeMetrics metrics, RankerModelSwitch models) {
    this.parser = parser;
    this.cascade = cascade;
    this.experiments = experiments;
    this.metrics = metrics;
    this.models = models;
    this.maxBodyBytes = 1 << 20;
  }

  @GetMapping("/v1/recommendations")
  public RecommendationResponse get(HttpServletRequest request) {
    return recommend(parser.parseQuery(request.getParameterMap()));
  }

  @PostMapping("/v1/recommendations")
  public RecommendationResponse post(HttpServletRequest request) throws IOException {
    try (InputStream in = request.getInputStream()) {
      // The starter's body limit has already refused larger bodies; this bound keeps the read finite regardless.
      return recommend(parser.parseBody(in.readNBytes((int) maxBodyBytes)));
    }
  }

  private RecommendationResponse recommend(RecommendationRequest r) {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    Routed routed = experiments.route(r.userId(), r.surface());
    StageOverrides overrides = models.apply(routed == null ? StageOverrides.NONE : routed.overrides());
    String variantTag = routed == null ? CascadeMetrics.NO_VARIANT : routed.experiment() + "/" + routed.variant();
    CascadeResult result;
    try {
      result = cascade.recommend(new CascadeRequest(requestId, r.userId(), r.count(), r.categories(), r.excludeItemIds(), overrides, variantTag));
    } catch (RuntimeException e) {
      metrics.request(variantTag, "unavailable", System.nanoTime() - start);
      throw e;
    }
    if (routed != null) experiments.exposed(requestId, r.userId(), routed, result.items().size());
    metrics.request(variantTag, result.degraded().isEmpty() ? "complete" : "degraded", System.nanoTime() - start);
    return new RecommendationResponse(requestId, r.userId(),
        routed == null ? null : new RecommendationResponse.Variant(routed.experiment(), routed.variant()),
        items(result, r.explain()), result.degraded(),
        r.explain() ? new RecommendationResponse.Funnel(result.candidateIds(), result.rankedIds()) : null);
  }

  private static List<RecommendationResponse.Item> items(CascadeResult result, boolean explain) {
    Map<String, String> models = null;
    if (explain) {
      models = new LinkedHashMap<>();
      if (result.candidateModel() != null) models.put("candidates", result.candidateModel());
      if (result.rankerModel() != null) models.put("ranker", result.rankerModel());
    }
    List<RecommendationResponse.Item> out = new ArrayList<>(result.items().size());
    int rank = 1;
    for (ServedItem s : result.items()) {
      RecommendationResponse.Explain e = explain
          ? new RecommendationResponse.Explain(s.sources(), s.retrievalScore(), s.rankScores(), s.rerank(), models) : null;
      out.add(new RecommendationResponse.Item(s.itemId(), s.score(), rank++, s.propensity(), e));
    }
    return out;
  }
}
