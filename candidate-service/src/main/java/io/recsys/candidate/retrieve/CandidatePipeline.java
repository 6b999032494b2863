package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.CandidateModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval request path, one screen top to bottom (product-mixer style):
 *
 * <ol>
 *   <li>context: the model snapshot, the user, the rows no source may return (seen + excluded);
 *   <li>filter check: categories no item has → an empty list with the reason, not an error;
 *   <li>sources of the request's {@link Strategy}, in declared order, each asked for {@code count}
 *       and each with its declared {@link FailurePolicy};
 *   <li>merge: per-source quotas, then reciprocal-rank fill, deduplicated, provenance kept
 *       ({@link CandidateMerger});
 *   <li>a reason when fewer than {@code count} items were admissible.
 * </ol>
 *
 * Thread-safe: the steps are stateless and each request gets its own merger and results.
 */
public final class CandidatePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(CandidatePipeline.class);

  private final Map<Strategy, List<SourceStep>> steps;

  public CandidatePipeline(Map<Strategy, List<SourceStep>> steps) {
    this.steps = new EnumMap<>(steps);
    for (Strategy s : Strategy.values()) {
      if (!this.steps.containsKey(s)) throw new IllegalArgumentException("no steps for strategy " + s.wireName());
    }
  }

  /** The served pipeline: kNN-Embed, PI2I and popular with the configured quotas; single-source strategies for evaluation. */
  public static CandidatePipeline standard(RetrievalConfig config, PopularSource popular) {
    KnnEmbedSource knn = new KnnEmbedSource(config.knnFloor(), config.knnMinWeight(), config.itemsPerComponent());
    Pi2iSource pi2i = new Pi2iSource();
    Map<Strategy, List<SourceStep>> steps = new EnumMap<>(Strategy.class);
    steps.put(Strategy.MIXED, List.of(
        new SourceStep(knn, config.knnEmbedShare(), FailurePolicy.FAIL_OPEN),
        new SourceStep(pi2i, config.pi2iShare(), FailurePolicy.FAIL_OPEN),
        new SourceStep(popular, config.popularShare(), FailurePolicy.FAIL_CLOSED)));
    steps.put(Strategy.KNN_EMBED, List.of(new SourceStep(knn, 1, FailurePolicy.FAIL_CLOSED)));
    steps.put(Strategy.PI2I, List.of(new SourceStep(pi2i, 1, FailurePolicy.FAIL_CLOSED)));
    steps.put(Strategy.POPULAR, List.of(new SourceStep(popular, 1, FailurePolicy.FAIL_CLOSED)));
    steps.put(Strategy.SINGLE_VECTOR, List.of(new SourceStep(new SingleVectorSource(), 1, FailurePolicy.FAIL_CLOSED)));
    return new CandidatePipeline(steps);
  }

  public RetrievalResult retrieve(CandidateModel model, UserState user, RetrievalRequest request) {
    RetrievalContext context = RetrievalContext.of(model, user, request);

    if (!request.categories().isEmpty() && model.catalog().known(request.categories()).isEmpty()) {
      return new RetrievalResult(List.of(), model.version(), List.of(),
          "no item has any of the categories " + sorted(request.categories()), Map.of());
    }

    List<SourceStep> plan = steps.get(request.strategy());
    List<CandidateSource> sources = new ArrayList<>(plan.size());
    List<SourceResult> results = new ArrayList<>(plan.size());
    double[] shares = new double[plan.size()];
    List<String> degraded = new ArrayList<>();
    for (SourceStep step : plan) {
      SourceResult r;
      try {
        r = step.source().fetch(context, request.count());
      } catch (RuntimeException e) {
        if (step.onFailure() == FailurePolicy.FAIL_CLOSED) throw e;
        LOG.warn("source {} failed open for user {}: {}", step.source().name(), user.userId(), e.toString());
        degraded.add(step.source().name());
        r = new SourceResult(step.source().name(), 0);
      }
      shares[sources.size()] = step.share();
      sources.add(step.source());
      results.add(r);
    }

    Map<String, Integer> claimed = new LinkedHashMap<>();
    List<Candidate> candidates = new CandidateMerger().merge(sources, results, shares, request.count(), context, claimed);

    String reason = null;
    if (candidates.isEmpty()) {
      reason = request.categories().isEmpty() ? "no item is left once the user's seen and excluded items are removed"
          : "no unseen, non-excluded item has any of the categories " + sorted(request.categories());
    } else if (candidates.size() < request.count()) {
      reason = "only " + candidates.size() + " items are admissible for this request";
    }
    return new RetrievalResult(candidates, model.version(), List.copyOf(degraded), reason, claimed);
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
