package io.recsys.starter.artifact;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.recsys.core.artifact.ServingArtifact;

/**
 * A served artefact kind on the service's metrics (core's {@link ServingArtifact} counts in plain numbers
 * so that offline tools need no metrics library): {@code recsys_artifact_swaps_total{kind}},
 * {@code recsys_artifact_refusals_total{kind}} (a new version that failed to load or validate; alert on
 * it: the service keeps serving an older model) and {@code recsys_artifact_version_created_seconds{kind}}
 * (when the serving version was created, so dashboards show a model's age). A service registers one
 * per kind as a bean ({@code MeterBinder}s are bound by Spring Boot). Thread-safe.
 */
public final class ArtifactMeters implements MeterBinder {
  private final ServingArtifact<?> artifact;

  public ArtifactMeters(ServingArtifact<?> artifact) {
    this.artifact = artifact;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String kind = artifact.kind().name();
    FunctionCounter.builder("recsys.artifact.swaps", artifact, a -> a.metrics().swaps())
        .tag("kind", kind).description("new versions of the artefact swapped in while serving").register(registry);
    FunctionCounter.builder("recsys.artifact.refusals", artifact, a -> a.metrics().refusals())
        .tag("kind", kind).description("versions refused (failed to load or validate); the serving version stayed")
        .register(registry);
    Gauge.builder("recsys.artifact.version.created", artifact, a -> a.current().version().manifest().createdAt().getEpochSecond())
        .tag("kind", kind).baseUnit("seconds")
        .description("creation time of the serving version (epoch seconds)").register(registry);
  }
}
