package io.recsys.ranking.api;

import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.ScoringFeatures;
import io.recsys.ranking.serve.ModelRegistry;
import io.recsys.ranking.serve.RankInput;
import io.recsys.ranking.serve.Ranked;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/rank}: parse strictly, take the model (current, or the version named), hydrate
 * the user's history and the known candidates' counters in one feature-store read, score all
 * candidates in one ONNX Runtime call. A feature-store failure does not fail the request: the
 * candidates are scored without history and counters and the response says {@code feature-store}
 * degraded.
 */
@RestController
public class RankController {
  /**
   * Newest history entries read per request: the store's cap, all it keeps (the attention features use
   * the newest L; the history-length feature counts them all, as training did over the whole prefix).
   */
  static final int HISTORY_LIMIT = io.recsys.featurestore.store.FeatureStoreConfig.DEFAULT_HISTORY_CAP;

  private final ModelRegistry models;
  private final FeatureStore store;
  private final RankRequestParser parser;
  private final Clock clock;

  public RankController(ModelRegistry models, FeatureStore store, RankRequestParser parser, Clock clock) {
    this.models = models;
    this.store = store;
    this.parser = parser;
    this.clock = clock;
  }

  @PostMapping(path = "/internal/rank", produces = MediaType.APPLICATION_JSON_VALUE)
  public RankResponse rank(@RequestBody byte[] body) {
    RankRequest req = parser.parse(body);
    ModelRegistry.Lease lease;
    try {
      lease = models.lease(req.model());
    } catch (ModelRegistry.UnknownVersionException e) {
      throw new InvalidRequestException("unknown model version", List.of(InvalidField.of("model", e.getMessage())));
    }
    try (lease) {
      RankingModel model = lease.model();
      List<RankRequest.Candidate> candidates = req.candidates();
      if (candidates.isEmpty()) return new RankResponse(List.of(), model.version(), List.of(), List.of());
      List<String> ids = new ArrayList<>(candidates.size());
      for (RankRequest.Candidate c : candidates) ids.add(c.itemId());
      List<HistoryEntry> history = List.of();
      ItemCounters[] counters = null;
      List<String> degraded = List.of();
      try {
        ScoringFeatures f = store.scoringFeatures(req.userId(), HISTORY_LIMIT, ids);
        history = f.user().history();
        counters = new ItemCounters[ids.size()];
        for (int i = 0; i < counters.length; i++) {
          ItemFeatures item = f.items().get(i);
          counters[i] = item.present() ? item.counters() : null;
        }
      } catch (FeatureStoreException e) {
        degraded = List.of("feature-store");
      }
      Ranked r = model.rank(new RankInput(req.userId(), history, candidates, counters, clock.millis()));
      return new RankResponse(r.items(), r.modelVersion(), r.unknownItemIds(), degraded);
    }
  }
}
