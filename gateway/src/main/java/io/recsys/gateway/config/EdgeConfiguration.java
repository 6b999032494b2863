package io.recsys.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.gateway.cascade.RecommendationCascade;
import io.recsys.gateway.experiment.ExperimentCatalog;
import io.recsys.gateway.experiment.ExperimentRouting;
import io.recsys.gateway.experiment.ExposureLog;
import io.recsys.gateway.experiment.ExposureLogConfig;
import io.recsys.gateway.experiment.InMemoryExposureLog;
import io.recsys.gateway.experiment.RedisExposureLog;
import io.recsys.gateway.ratelimit.FailoverRateLimiter;
import io.recsys.gateway.ratelimit.LocalTokenBucket;
import io.recsys.gateway.ratelimit.RateLimiter;
import io.recsys.gateway.ratelimit.RedisTokenBucket;
import io.recsys.gateway.security.ApiKeyRegistry;
import io.recsys.gateway.security.GatewayKeyGuard;
import io.recsys.starter.security.PublicApiGuard;
import io.recsys.starter.security.SecurityProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires what sits at the edge, before and around the cascade: API keys with their rate limits (Redis
 * token buckets, local buckets when Redis fails), the A/B experiments with their exposure log, and the
 * scheduled refreshes (popular items, the experiments file).
 */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EdgeConfiguration.class);

  @Bean(destroyMethod = "close")
  GatewayRedis gatewayRedis(@Value("${recsys.redis.url:}") String url, @Value("${recsys.redis.cluster:false}") boolean cluster) {
    if (url == null || url.isBlank()) log.warn("REDIS_URL is not set: rate limits and experiment counts live in this process only");
    return GatewayRedis.open(url, cluster);
  }

  @Bean
  ApiKeyRegistry apiKeyRegistry(KeysProperties p, SecurityProperties env) {
    return new ApiKeyRegistry(p.keys(), env.apiKey(), env.adminKey());
  }

  @Bean
  RateLimiter rateLimiter(GatewayRedis redis, MeterRegistry meters, Clock clock) {
    LocalTokenBucket local = new LocalTokenBucket(clock);
    if (redis.connection() == null) return local;
    return new FailoverRateLimiter(new RedisTokenBucket(redis.connection(), clock), local, meters, clock);
  }

  /** Replaces the starter's single-key check on {@code /v1/**}. */
  @Bean
  PublicApiGuard gatewayKeyGuard(ApiKeyRegistry keys, RateLimiter limiter, KeysProperties p) {
    return new GatewayKeyGuard(keys, limiter, p.defaultLimit(), GatewayKeyGuard.DEFAULT_ADMIN_PATHS);
  }

  @Bean
  ExperimentCatalog experimentCatalog(GatewayProperties p, Clock clock) {
    ExperimentCatalog catalog = ExperimentCatalog.load(p.experimentsFile(), clock);
    log.info("experiments: {} from {}", catalog.experiments().size(), p.experimentsFile() == null ? "(no file)" : p.experimentsFile());
    return catalog;
  }

  @Bean
  ExposureLog exposureLog(GatewayRedis redis, Clock clock) {
    return redis.connection() == null ? new InMemoryExposureLog(ExposureLogConfig.DEFAULTS, clock)
        : new RedisExposureLog(redis.connection(), ExposureLogConfig.DEFAULTS, clock);
  }

  @Bean
  ExperimentRouting experimentRouting(ExperimentCatalog catalog, ExposureLog exposures, MeterRegistry meters) {
    return new ExperimentRouting(catalog, exposures, meters);
  }

  @Bean
  ScheduledRefreshes scheduledRefreshes(RecommendationCascade cascade, ExperimentCatalog catalog, GatewayProperties p) {
    return new ScheduledRefreshes(cascade.popular(), catalog, p.popularRefresh(), p.experimentsReload());
  }
}
