package io.recsys.ranking.config;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStores;
import io.recsys.ranking.onnx.OnnxScorerConfig;
import io.recsys.ranking.serve.ModelRegistry;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.ranking.serve.RankingModelLoader;
import io.recsys.starter.artifact.ArtifactMeters;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ranking service: the feature store it hydrates from, the model registry (current ranker
 * hot-swapped, named versions on demand) refusing models trained against another store schema.
 * API keys, problem details, limits, probes and metrics come from the starter.
 */
@Configuration(proxyBeanMethods = false)
public class RankingConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RankingConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The Redis in {@code REDIS_URL}; without one an empty in-memory store (users scored without history). */
  @Bean(destroyMethod = "close")
  FeatureStore featureStore(@Value("${recsys.redis.url:}") String url, @Value("${recsys.redis.cluster:false}") boolean cluster,
      Clock clock) {
    if (url == null || url.isBlank()) log.warn("REDIS_URL is not set: no user features; every user is scored without history");
    return FeatureStores.open(url, cluster, clock);
  }

  /** Fails start-up with a message naming the path, or why the model was refused, when nothing servable is published. */
  @Bean(destroyMethod = "close")
  ModelRegistry modelRegistry(RankingProperties p, FeatureStore store) {
    RankingModelLoader loader = new RankingModelLoader(new OnnxScorerConfig(p.intraOpThreads(), p.allowSpinning()),
        p.engageWeight(), store.schema().version());
    ModelRegistry registry = new ModelRegistry(new ArtifactStore(p.artifacts()), loader, p.cachedVersions());
    registry.start(p.pollInterval());
    return registry;
  }

  @Bean
  ArtifactMeters rankerModelMeters(ModelRegistry registry) {
    return new ArtifactMeters(registry.serving());
  }

  @Bean
  HealthIndicator rankerModelHealth(ModelRegistry registry) {
    return () -> {
      RankingModel m = registry.current().value();
      return Health.up().withDetail("version", registry.current().version().name())
          .withDetail("featureSchema", m.card().featureSchema()).withDetail("items", m.itemCount()).build();
    };
  }
}
