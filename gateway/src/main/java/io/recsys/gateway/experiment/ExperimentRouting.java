package io.recsys.gateway.experiment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.gateway.cascade.StageOverrides;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the gateway's request path meets the experiments: which variant serves a request (and what it
 * changes in the cascade), the exposure logged for it, and the impressions and clicks of accepted
 * events counted per variant. Exposure and feedback logging fail open: a lost count must never fail a
 * recommendation or an event batch; failures are counted in {@code gateway.experiments.log.failures}.
 *
 * <p>Feedback is attributed by user, intention-to-treat: an event of user U counts for the variant U is
 * assigned to in every experiment (assignment is a pure function of the user id and the experiment's
 * salt, so every replica agrees without shared state). For an experiment scoped to one surface, events
 * from other surfaces count too, which dilutes a difference between variants but never creates one.
 *
 * <p>Thread-safe.
 */
public final class ExperimentRouting {
  private static final Logger log = LoggerFactory.getLogger(ExperimentRouting.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The variant serving one request and what it changes. */
  public record Routed(String experiment, String variant, StageOverrides overrides, Assignment assignment) {}

  private final ExperimentCatalog catalog;
  private final ExposureLog exposures;
  private final EventTypeRegistry types;
  private final Counter failures;

  /** With the deployment's event-type registry ({@code RECSYS_TYPES_FILE}, as the feature store reads it). */
  public ExperimentRouting(ExperimentCatalog catalog, ExposureLog exposures, MeterRegistry meters) {
    this(catalog, exposures, EventTypeRegistry.fromEnvironment(), meters);
  }

  /**
   * @param types resolves the batch's type names, so a deployment's own names ({@code pv}, {@code show})
   *     count as the impressions and clicks they stand for
   */
  public ExperimentRouting(ExperimentCatalog catalog, ExposureLog exposures, EventTypeRegistry types, MeterRegistry meters) {
    this.catalog = catalog;
    this.exposures = exposures;
    this.types = types;
    this.failures = Counter.builder("gateway.experiments.log.failures")
        .description("exposures and event counts the experiment log could not record (fail open)").register(meters);
  }

  public ExperimentCatalog catalog() {
    return catalog;
  }

  public ExposureLog exposures() {
    return exposures;
  }

  /** The user's variant for the surface, or null when no experiment covers it. */
  public Routed route(String userId, String surface) {
    Optional<Assignment> a = catalog.assign(userId, surface);
    if (a.isEmpty()) return null;
    VariantOverrides o = a.get().overrides();
    return new Routed(a.get().experiment(), a.get().variant(),
        new StageOverrides(o.candidateStrategy(), o.rankerModel(), o.rerankParams(), o.backends()), a.get());
  }

  /** Logs that {@code routed} served {@code requestId}; never throws. */
  public void exposed(String requestId, String userId, Routed routed, int itemsShown) {
    try {
      exposures.recordExposure(requestId, userId, routed.assignment(), itemsShown);
    } catch (RuntimeException e) {
      failures.increment();
      log.debug("exposure of {} not logged: {}", requestId, e.toString());
    }
  }

  /**
   * Counts the impressions and clicks of an accepted event batch (the JSON the client sent) per
   * experiment and variant, by any name the type registry maps onto them; never throws. The batch was validated by the feature store, which accepted it.
   */
  public void countFeedback(byte[] batch) {
    List<Experiment> experiments = catalog.experiments();
    if (experiments.isEmpty()) return;
    JsonNode root;
    try {
      root = JSON.readTree(batch);
    } catch (JacksonException e) {
      return;
    }
    if (root == null || !root.isArray()) return;
    // experiment → variant → {impressions, clicks}
    Map<String, Map<String, long[]>> counts = new HashMap<>();
    for (JsonNode event : root) {
      JsonNode user = event.get("userId");
      JsonNode type = event.get("type");
      if (user == null || !user.isString() || type == null || !type.isString()) continue;
      EventTypeRegistry.Alias alias = types.resolve(type.asString());
      int slot = alias == null ? -1 : alias.type() == InteractionType.IMPRESSION ? 0 : alias.type() == InteractionType.CLICK ? 1 : -1;
      if (slot < 0) continue;
      for (Experiment e : experiments) {
        Assignment a = VariantAssigner.assign(e, user.asString());
        counts.computeIfAbsent(e.name(), k -> new HashMap<>()).computeIfAbsent(a.variant(), k -> new long[2])[slot]++;
      }
    }
    for (Map.Entry<String, Map<String, long[]>> e : counts.entrySet()) {
      for (Map.Entry<String, long[]> v : e.getValue().entrySet()) {
        try {
          exposures.recordFeedback(e.getKey(), v.getKey(), v.getValue()[0], v.getValue()[1]);
        } catch (RuntimeException ex) {
          failures.increment();
          log.debug("feedback for {}/{} not counted: {}", e.getKey(), v.getKey(), ex.toString());
        }
      }
    }
  }
}
