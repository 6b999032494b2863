package io.recsys.candidate.config;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.CandidateModelLoader;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.TrendingItems;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ServingArtifact;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStores;
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
 * Wires the candidate service: the served model (a {@link ServingArtifact} over the candidate bundle,
 * hot-swapped when a new version is published), the feature store it reads users from, and the
 * retrieval pipeline. API keys, problem details, limits, probes and metrics come from the starter.
 */
@Configuration(proxyBeanMethods = false)
public class CandidateConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CandidateConfiguration.class);
  /** How often the live trending order is recomputed from the feature store's counters. */
  static final Duration TRENDING_REFRESH = Duration.ofSeconds(30);

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Fails start-up with a message naming the path when nothing (valid) is published. */
  @Bean(destroyMethod = "close")
  ServingArtifact<CandidateModel> candidateModel(CandidateProperties p) {
    ArtifactStore store = new ArtifactStore(p.artifacts());
    ServingArtifact<CandidateModel> model = ServingArtifact.open(store, CandidateArtifacts.BUNDLE, new CandidateModelLoader(store, p.mainIndexChoice()));
    model.start(p.pollInterval());
    return model;
  }

  @Bean
  ArtifactMeters candidateModelMeters(ServingArtifact<CandidateModel> model) {
    return new ArtifactMeters(model);
  }

  /**
   * The Redis in {@code REDIS_URL}; without one, an empty in-memory store (every user is then served
   * on the cold-start path, which the log says once).
   */
  @Bean(destroyMethod = "close")
  FeatureStore featureStore(@Value("${recsys.redis.url:}") String url, @Value("${recsys.redis.cluster:false}") boolean cluster,
      Clock clock) {
    if (url == null || url.isBlank()) {
      log.warn("REDIS_URL is not set: no user features; every user is served on the cold-start path");
    }
    return FeatureStores.open(url, cluster, clock);
  }

  @Bean
  TrendingItems trendingItems(FeatureStore store) {
    return new TrendingItems(store, TrendingItems.DEFAULT_POOL);
  }

  /**
   * Refreshes the live trending order off the request path, every {@link #TRENDING_REFRESH}; a
   * failed refresh (Redis away) is logged and the previous order keeps serving.
   */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService trendingRefresher(TrendingItems trending, ServingArtifact<CandidateModel> model) {
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "trending-refresh");
      t.setDaemon(true);
      return t;
    });
    ex.scheduleWithFixedDelay(() -> {
      try {
        trending.refresh(model.current().value());
      } catch (RuntimeException e) {
        log.warn("trending refresh failed, the previous order serves: {}", e.toString());
      }
    }, 0, TRENDING_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    return ex;
  }

  @Bean
  CandidatePipeline candidatePipeline(CandidateProperties p, TrendingItems trending) {
    return CandidatePipeline.standard(p.retrieval(), trending.source());
  }

  /** Liveness is the process; readiness includes this: a model is loaded (it always is once started). */
  @Bean
  HealthIndicator candidateModelHealth(ServingArtifact<CandidateModel> model) {
    return () -> Health.up().withDetail("version", model.current().version().name())
        .withDetail("items", model.current().value().catalog().size()).build();
  }
}
