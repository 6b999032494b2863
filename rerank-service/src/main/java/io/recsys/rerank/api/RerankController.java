package io.recsys.rerank.api;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.ScoringFeatures;
import io.recsys.rerank.config.RerankProperties;
import io.recsys.rerank.features.SimilarityVectors;
import io.recsys.rerank.policy.Slate;
import io.recsys.rerank.policy.SlateInput;
import io.recsys.rerank.policy.SlateReranker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/rerank}: parse strictly, read the items' embeddings, categories and counts and
 * the user's history in one feature-store round trip, drop what the user already engaged with, and let
 * the {@link SlateReranker} fill the slate. A feature-store failure does not fail the request: the
 * slate is chosen from the ranker's probabilities alone and the response says {@code feature-store}
 * degraded.
 */
@RestController
public class RerankController {
  private final SlateReranker reranker;
  private final FeatureStore store;
  private final RerankRequestParser parser;
  private final RerankProperties properties;

  public RerankController(SlateReranker reranker, FeatureStore store, RerankRequestParser parser, RerankProperties properties) {
    this.reranker = reranker;
    this.store = store;
    this.parser = parser;
    this.properties = properties;
  }

  @PostMapping(path = "/internal/rerank", produces = MediaType.APPLICATION_JSON_VALUE)
  public RerankResponse rerank(@RequestBody byte[] body) {
    RerankRequest req = parser.parse(body, properties.policy(), properties.defaultSlateSize(), properties.similarity());
    long seed = req.seed() != null ? req.seed() : ThreadLocalRandom.current().nextLong();
    if (req.items().isEmpty()) return new RerankResponse(List.of(), "none", seed, List.of());

    List<String> ids = new ArrayList<>(req.items().size());
    for (RerankRequest.Item it : req.items()) ids.add(it.itemId());
    List<ItemFeatures> features = null;
    Set<String> seen = Set.of();
    List<String> degraded = List.of();
    try {
      ScoringFeatures f = store.scoringFeatures(req.userId(), req.excludeSeen() ? properties.historyLimit() : 0, ids);
      features = f.items();
      seen = engaged(f.user().history());
    } catch (FeatureStoreException e) {
      degraded = List.of("feature-store");
    }

    // Kept items (the seen filter), then their similarity vectors, then the policy's input.
    List<RerankRequest.Item> kept = new ArrayList<>(req.items().size());
    List<ItemFeatures> keptFeatures = new ArrayList<>(req.items().size());
    for (int i = 0; i < req.items().size(); i++) {
      RerankRequest.Item it = req.items().get(i);
      if (seen.contains(it.itemId()) && !req.pinned().containsKey(it.itemId())) continue;
      kept.add(it);
      keptFeatures.add(features == null ? null : features.get(i));
    }
    List<float[]> embeddings = new ArrayList<>(kept.size());
    List<List<String>> categories = new ArrayList<>(kept.size());
    for (ItemFeatures x : keptFeatures) {
      boolean known = x != null && x.present();
      embeddings.add(known ? x.embedding() : null);
      categories.add(known ? x.categories() : null);
    }
    SimilarityVectors.Result vectors = SimilarityVectors.of(embeddings, categories, req.similarity());
    SlateInput in = new SlateInput(vectors.dim());
    Map<String, Integer> categoryIds = new HashMap<>();
    for (int k = 0; k < kept.size(); k++) {
      RerankRequest.Item it = kept.get(k);
      ItemFeatures x = keptFeatures.get(k);
      int category = -1;
      long impressions = 0, clicks = 0;
      if (x != null && x.present()) {
        // The category caps and the group prior use the first (primary) category.
        if (!x.categories().isEmpty()) category = categoryIds.computeIfAbsent(x.categories().getFirst(), c -> categoryIds.size());
        impressions = x.counters().impressionCount();
        clicks = x.counters().clickCount();
      }
      double boost = req.boosted().getOrDefault(it.itemId(), 1.0);
      int index = in.add(it.itemId(), Double.isNaN(it.score()) ? 0 : it.score(), clickProbability(it, k), category, vectors.vectors()[k],
          impressions, clicks, boost);
      Integer slot = req.pinned().get(it.itemId());
      if (slot != null) in.pin(index, slot);
    }
    Slate slate = reranker.rerank(in, req.slateSize(), req.policy(), seed);
    List<RerankResponse.Item> out = new ArrayList<>(slate.items().length);
    for (int k = 0; k < slate.items().length; k++) {
      RerankRequest.Item it = kept.get(slate.items()[k]);
      double p = slate.propensities()[k];
      out.add(new RerankResponse.Item(it.itemId(), Double.isNaN(it.score()) ? 0 : it.score(), Double.isNaN(p) ? null : p));
    }
    return new RerankResponse(out, slate.policy(), seed, degraded);
  }

  /**
   * The ranker's calibrated P(click); without one (the ranking stage was skipped and candidate order
   * came through), a prior that falls with the input position, so the input order still matters.
   */
  static double clickProbability(RerankRequest.Item it, int position) {
    if (!Double.isNaN(it.click())) return it.click();
    return 0.1 / (1 + 0.1 * position);
  }

  /** Items the user engaged with (impressions alone do not make an item seen). */
  private static Set<String> engaged(List<HistoryEntry> history) {
    Set<String> s = new HashSet<>();
    for (HistoryEntry e : history) if (e.type() != InteractionType.IMPRESSION) s.add(e.itemId());
    return s;
  }
}
