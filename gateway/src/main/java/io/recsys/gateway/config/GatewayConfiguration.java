package io.recsys.gateway.config;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStores;
import io.recsys.gateway.api.RecommendationRequestParser;
import io.recsys.gateway.cascade.CascadeMetrics;
import io.recsys.gateway.cascade.PopularItems;
import io.recsys.gateway.cascade.RankerModelSwitch;
import io.recsys.gateway.cascade.RecommendationCascade;
import io.recsys.gateway.cascade.Stage;
import io.recsys.gateway.cascade.StageClient;
import io.recsys.starter.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Wires the gateway: the three stage clients under Resilience4j (with their meters), the cascade, the
 * popular items of the last rung, and the feature store it reads item metadata from. API keys,
 * problem details, limits, probes, metrics and trace context come from the starter.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {
  private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
  /** Connecting to a stage on the same network takes well under this; more means it is not there. */
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The Redis in {@code REDIS_URL}; without one an empty in-memory store (no item metadata). */
  @Bean(destroyMethod = "close")
  FeatureStore featureStore(@Value("${recsys.redis.url:}") String url, @Value("${recsys.redis.cluster:false}") boolean cluster,
      Clock clock) {
    if (url == null || url.isBlank()) log.warn("REDIS_URL is not set: /v1/items knows no items, and the popular fallback cannot honour category filters");
    return FeatureStores.open(url, cluster, clock);
  }

  /**
   * Stage calls run on virtual threads (a blocked call costs no platform thread) that carry the
   * caller's context: the request's trace, so every stage call sends its {@code traceparent}.
   */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService stageExecutor() {
    return ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(), ContextSnapshotFactory.builder().build()::captureAll);
  }

  @Bean
  StageClient.Resilience stageResilience(MeterRegistry meters) {
    StageClient.Resilience r = StageClient.Resilience.create();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(r.breakers()).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(r.bulkheads()).bindTo(meters);
    TaggedRetryMetrics.ofRetryRegistry(r.retries()).bindTo(meters);
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(r.limiters()).bindTo(meters);
    return r;
  }

  /**
   * Boot's builder (its observation customiser writes {@code traceparent} on every call) over Apache
   * HttpClient 5 with a pool of keep-alive connections per stage. Blocking calls on the stage
   * executor's virtual threads: the JDK HttpClient used before handed every call to its selector
   * and worker threads, which cost the gateway ~1.7 ms of CPU per request (three calls) on the 2-core
   * bench VM, a third of all its CPU (gateway/README.md, "Measured"). See
   * {@link StageClient#pooledHttpClient} for what the client does and does not do.
   */
  @Bean(destroyMethod = "close")
  CloseableHttpClient stageHttpClient(GatewayProperties p) {
    int perStage = Math.max(p.candidates().maxConcurrent(), Math.max(p.ranking().maxConcurrent(), p.rerank().maxConcurrent()));
    return StageClient.pooledHttpClient(perStage, CONNECT_TIMEOUT);
  }

  @Bean
  RestClient stageRestClient(RestClient.Builder builder, CloseableHttpClient stageHttpClient) {
    return builder.requestFactory(new HttpComponentsClientHttpRequestFactory(stageHttpClient)).build();
  }

  @Bean
  RecommendationCascade recommendationCascade(GatewayProperties p, RestClient http, SecurityProperties keys, ExecutorService stageExecutor,
      StageClient.Resilience resilience, FeatureStore store, MeterRegistry meters, Clock clock) {
    if (keys.internalKey().isBlank()) log.warn("RECSYS_INTERNAL_KEY is not set: the stage services will refuse the gateway's calls (403)");
    StageClient candidates = new StageClient(Stage.CANDIDATES, p.candidates(), http, keys.internalKey(), stageExecutor, resilience, clock);
    StageClient ranking = new StageClient(Stage.RANKING, p.ranking(), http, keys.internalKey(), stageExecutor, resilience, clock);
    StageClient rerank = new StageClient(Stage.RERANK, p.rerank(), http, keys.internalKey(), stageExecutor, resilience, clock);
    for (StageClient c : new StageClient[] {candidates, ranking, rerank}) {
      if (!c.settings().deployed()) log.warn("recsys.gateway.{}.url is not set: that stage is skipped and every answer lists it as degraded", c.stage().wireName());
    }
    PopularItems popular = new PopularItems(candidates, store, p.popularCount(), clock);
    return new RecommendationCascade(candidates, ranking, rerank, popular, new CascadeMetrics(meters), p.requestBudget(),
        p.minStageBudget(), p.candidateCount());
  }

  @Bean
  RankerModelSwitch rankerModelSwitch() {
    return new RankerModelSwitch();
  }

  @Bean
  CascadeMetrics cascadeMetrics(MeterRegistry meters) {
    return new CascadeMetrics(meters);
  }

  @Bean
  RecommendationRequestParser recommendationRequestParser(GatewayProperties p) {
    return new RecommendationRequestParser(p.defaultCount(), p.maxCount(), p.maxExcluded());
  }
}
