package io.recsys.featurestore.ingest.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.featurestore.ingest.api.EventBatchParser;
import io.recsys.featurestore.ingest.stream.BacklogMonitor;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.FeatureWorkers;
import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.MixtureRefreshConfig;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.redis.RedisAdmissionFilter;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.featurestore.store.redis.RedisRealtimeFeatureWriter;
import io.recsys.featurestore.store.redis.RedisTypeRecord;
import io.recsys.starter.http.HttpProperties;
import io.recsys.starter.http.RequestBodyLimitFilter;
import io.recsys.starter.problem.RejectionListener;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the ingestion service: Redis (given or embedded), the feature store, the stream, workers. API
 * keys, problem details, the body limit, probes and metrics come from the service starter.
 */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {
  private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

  /** The service's clock; tests register their own before the context starts. */
  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Holds the embedded server when {@code REDIS_URL} is unset; empty otherwise. */
  @Bean(destroyMethod = "close")
  RedisEndpoint redisEndpoint(RedisProperties redis) {
    if (!redis.embedded()) {
      RedisConnectionConfig c = RedisConnectionConfig.fromEnvironment(Map.of(RedisConnectionConfig.ENV_URL, redis.url(),
          RedisConnectionConfig.ENV_CLUSTER, Boolean.toString(redis.cluster())));
      return new RedisEndpoint(c.withCommandTimeout(redis.commandTimeout()), null);
    }
    EmbeddedRedisServer server = new EmbeddedRedisServer(redis.embeddedDir(), redis.embeddedPort(), redis.embeddedAppendfsync());
    server.start();
    log.info("REDIS_URL is not set: started {}", server.describe());
    return new RedisEndpoint(RedisConnectionConfig.standalone(server.uri()).withCommandTimeout(redis.commandTimeout()), server);
  }

  @Bean(destroyMethod = "close")
  RedisConnection redisConnection(RedisEndpoint endpoint) {
    return RedisConnection.open(endpoint.config());
  }

  @Bean
  FeatureStoreConfig featureStoreConfig() {
    return FeatureStoreConfig.defaults();
  }

  @Bean(destroyMethod = "close")
  RedisFeatureStore featureStore(RedisConnection connection, FeatureStoreConfig config, Clock clock) {
    return RedisFeatureStore.open(connection, config, clock);
  }

  @Bean
  RealtimeConfig realtimeConfig(IngestProperties p) {
    return new RealtimeConfig(p.dedupWindow(), new AdmissionConfig(p.admissionThreshold(), p.admissionWindow()),
        MixtureRefreshConfig.defaults().withClusterCacheTtl(p.mixtureClusterCacheTtl()), p.entitiesPerCall());
  }

  @Bean
  IngestMetrics ingestMetrics(MeterRegistry registry, IngestProperties p) {
    return new IngestMetrics(registry, p.backlogCap());
  }

  @Bean
  EventStream eventStream(RedisConnection connection, IngestProperties p, Clock clock) {
    EventStream s = new EventStream(connection, p, clock);
    s.ensureGroup();
    return s;
  }

  @Bean
  BacklogMonitor backlogMonitor(EventStream stream, IngestProperties p, IngestMetrics metrics) {
    return new BacklogMonitor(stream, p, metrics);
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  FeatureWorkers featureWorkers(IngestProperties p, RedisEndpoint endpoint, FeatureStoreConfig config,
      RealtimeConfig realtime, Clock clock, IngestMetrics metrics, BacklogMonitor monitor, RedisFeatureStore store) {
    // A blocking XREADGROUP holds its connection for readBlock: each worker gets its own, with room for it.
    RedisConnectionConfig workerConnection = endpoint.config().withCommandTimeout(endpoint.config().commandTimeout().plus(p.readBlock()));
    return new FeatureWorkers(p, () -> RedisConnection.open(workerConnection),
        c -> new RedisRealtimeFeatureWriter(c, config, realtime, clock),
        c -> new RedisAdmissionFilter(c, config.keyLayout(), realtime.admission(), clock), metrics, monitor);
  }

  /**
   * RECSYS_TYPES_FILE: the deployment's own type names, as the importer reads them; a bad file stops
   * the start with its file:line, and so does a file that remaps a name whose events are already
   * stored under another type ({@link RedisTypeRecord}; RECSYS_TYPES_ACCEPT_REMAP lets it through).
   */
  @Bean
  EventTypeRegistry eventTypeRegistry(RedisConnection connection, FeatureStoreConfig config, RedisFeatureStore schemaChecked,
      Environment environment) throws java.io.IOException {
    // Read through Spring's Environment: the process environment, and properties of the same names in tests.
    EventTypeRegistry registry = EventTypeRegistry.configured(null,
        Map.of(EventTypeRegistry.ENV_VARIABLE, environment.getProperty(EventTypeRegistry.ENV_VARIABLE, "")));
    Set<String> remaps = Set.copyOf(Arrays.stream(environment.getProperty(RedisTypeRecord.ENV_ACCEPT_REMAP, "").split(","))
        .map(String::strip).filter(n -> !n.isEmpty()).toList());
    RedisTypeRecord.verifyOrRecord(connection, config.keyLayout(), registry, remaps);
    if (!remaps.isEmpty()) log.warn("{}={}: these names' events are counted under their new type from now on", RedisTypeRecord.ENV_ACCEPT_REMAP, remaps);
    return registry;
  }

  @Bean
  EventBatchParser eventBatchParser(IngestProperties p, Clock clock, EventTypeRegistry registry) {
    return new EventBatchParser(p.maxEvents(), p.maxClockSkew(), p.minTimestamp(), clock, registry);
  }

  /** Readiness includes this: the service is ready only while Redis answers PING. */
  @Bean
  HealthIndicator redis(RedisConnection connection, RedisEndpoint endpoint) {
    return () -> {
      try {
        var f = connection.commands().ping();
        connection.flush();
        connection.await(f);
        return Health.up().withDetail("redis", connection.toString()).build();
      } catch (RuntimeException e) {
        return Health.down().withDetail("redis", connection.toString()).withDetail("error", String.valueOf(e.getMessage())).build();
      }
    };
  }

  /** Rejections answered by the service starter (invalid requests, API keys) count as rejected batches too. */
  @Bean
  RejectionListener ingestRejections(IngestMetrics metrics) {
    return reason -> {
      if (RejectionListener.INVALID.equals(reason) || RejectionListener.UNAUTHORIZED.equals(reason)) metrics.rejected(reason, 1);
    };
  }

  /**
   * The starter's body limit, raised where needed so that {@code POST /v1/events} keeps answering an
   * oversized batch itself (400 naming the body, {@code recsys.ingest.max-body-bytes}): the starter's
   * limit never applies below that.
   */
  @Bean
  RequestBodyLimitFilter requestBodyLimit(HttpProperties http, IngestProperties p) {
    long ownLimit = p.maxBodyBytes() < Long.MAX_VALUE ? p.maxBodyBytes() + 1 : Long.MAX_VALUE;
    return new RequestBodyLimitFilter(Math.max(http.maxBodySize().toBytes(), ownLimit));
  }

  /** The Redis the service uses, and the embedded server behind it if it started one. */
  public record RedisEndpoint(RedisConnectionConfig config, EmbeddedRedisServer embedded) implements AutoCloseable {
    public String describe() {
      return embedded != null ? embedded.describe() : "Redis from REDIS_URL";
    }

    @Override
    public void close() {
      if (embedded != null) embedded.close();
    }
  }
}
