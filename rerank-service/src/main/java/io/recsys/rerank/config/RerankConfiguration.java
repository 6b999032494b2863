package io.recsys.rerank.config;

import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStores;
import io.recsys.rerank.policy.SlateReranker;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the re-rank service: the feature store it reads items and users from, and the slate
 * re-ranker. API keys, problem details, limits, probes and metrics come from the starter.
 */
@Configuration(proxyBeanMethods = false)
public class RerankConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RerankConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The Redis in {@code REDIS_URL}; without one an empty in-memory store (no embeddings, counts or histories). */
  @Bean(destroyMethod = "close")
  FeatureStore featureStore(@Value("${recsys.redis.url:}") String url, @Value("${recsys.redis.cluster:false}") boolean cluster,
      Clock clock) {
    if (url == null || url.isBlank()) {
      log.warn("REDIS_URL is not set: no item embeddings, counts or user histories; slates use the ranker's probabilities alone");
    }
    return FeatureStores.open(url, cluster, clock);
  }

  @Bean
  SlateReranker slateReranker() {
    return new SlateReranker();
  }
}
