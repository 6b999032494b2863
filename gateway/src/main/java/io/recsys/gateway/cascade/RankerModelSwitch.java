package io.recsys.gateway.cascade;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The ranker model the gateway asks for when the request's A/B variant names none: null (the ranking
 * service's current version) until an operator pins one with {@code PUT /v1/admin/ranker-model}, e.g.
 * to roll back to {@code ranker@<previous version>} at once, without republishing artefacts. Held in
 * this replica's memory: each replica is switched on its own, and a restart returns to the current
 * version. Thread-safe.
 */
public final class RankerModelSwitch {
  private final AtomicReference<String> pinned = new AtomicReference<>();

  /** The pinned model reference, or null. */
  public String pinned() {
    return pinned.get();
  }

  public void pin(String model) {
    pinned.set(model);
  }

  /** The overrides with the pinned model where the variant names none. */
  public StageOverrides apply(StageOverrides overrides) {
    String model = pinned.get();
    if (model == null || overrides.rankerModel() != null) return overrides;
    return new StageOverrides(overrides.candidateStrategy(), model, overrides.rerankParams(), overrides.backends());
  }
}
