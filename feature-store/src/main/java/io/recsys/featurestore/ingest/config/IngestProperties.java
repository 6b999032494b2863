package io.recsys.featurestore.ingest.config;

import io.recsys.featurestore.store.MixtureRefreshConfig;
import io.recsys.featurestore.store.RealtimeConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the ingestion service ({@code recsys.ingest.*}; each also settable as an environment
 * variable, e.g. {@code RECSYS_INGEST_WORKERS=4}). Unset values take the named defaults. Immutable.
 *
 * @param maxEvents most events in one {@code POST /v1/events}
 * @param maxBodyBytes largest request body accepted
 * @param maxClockSkew how far in the future (by the service's clock) an event's timestamp may be
 * @param stream the Redis Stream events are appended to
 * @param deadLetterStream where events that keep failing go, with the reason
 * @param group the consumer group of the feature workers
 * @param consumerName this process's consumer name prefix (worker i is {@code <name>-<i>}); stable
 *     names let a restarted process take up its own unacknowledged entries at once
 * @param workers consumer threads, each with its own Redis connection
 * @param readCount entries per XREADGROUP
 * @param readBlock how long an idle XREADGROUP waits for new entries
 * @param reclaimAfter an entry pending (delivered, unacknowledged) this long is taken over (XAUTOCLAIM)
 * @param reclaimInterval how often a worker looks for such entries
 * @param maxDeliveries an entry delivered this often without success goes to the dead-letter stream
 * @param backlogCap most entries the stream may hold; while it is full, appends answer 503
 * @param backlogWarnRatio the backlog share of the cap above which a warning is logged
 * @param trimInterval how often acknowledged entries are trimmed (XTRIM MINID) and the backlog measured
 * @param deadLetterCap approximate length cap of the dead-letter stream (oldest dropped)
 * @param dedupWindow how long applied event ids are remembered (see RealtimeConfig)
 * @param admissionThreshold events before a new item is admitted to the model-facing tables
 * @param admissionWindow how long an item's admission count survives without events
 * @param mixtureClusterCacheTtl how long a worker trusts an item's interest cluster read from Redis
 *     (see MixtureRefreshConfig); 0 reads the clusters of every batch
 * @param entitiesPerCall most users (or items) one feature-update script call carries (see
 *     RealtimeConfig): more cost Redis less per event, but hold it longer per call
 * @param admittedStream where items that reached the admission threshold are announced (one entry per
 *     admission, field {@code item}), for the consumers that build the model-facing tables
 * @param admittedCap approximate length cap of the admitted-items stream (oldest dropped)
 * @param minTimestamp the earliest event timestamp accepted (older ones are refused as implausible:
 *     year 0001 is a client bug, not history)
 */
@ConfigurationProperties("recsys.ingest")
public record IngestProperties(Integer maxEvents, Long maxBodyBytes, Duration maxClockSkew, String stream,
    String deadLetterStream, String group, String consumerName, Integer workers, Integer readCount,
    Duration readBlock, Duration reclaimAfter, Duration reclaimInterval, Integer maxDeliveries, Long backlogCap,
    Double backlogWarnRatio, Duration trimInterval, Long deadLetterCap, Duration dedupWindow,
    Integer admissionThreshold, Duration admissionWindow, Duration mixtureClusterCacheTtl, Integer entitiesPerCall,
    String admittedStream, Long admittedCap, java.time.Instant minTimestamp) {
  /** Before MovieLens's oldest ratings (1995) and the web shops this serves; override for older history. */
  public static final java.time.Instant DEFAULT_MIN_TIMESTAMP = java.time.Instant.parse("1990-01-01T00:00:00Z");
  public static final int DEFAULT_MAX_EVENTS = 1000;
  public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  public static final String DEFAULT_STREAM = "rs:events";
  public static final String DEFAULT_DEAD_LETTER_STREAM = "rs:events:dead";
  public static final String DEFAULT_GROUP = "features";
  public static final int DEFAULT_WORKERS = 2;
  public static final int DEFAULT_READ_COUNT = 1000;
  public static final Duration DEFAULT_READ_BLOCK = Duration.ofMillis(200);
  public static final Duration DEFAULT_RECLAIM_AFTER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RECLAIM_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_DELIVERIES = 5;
  public static final long DEFAULT_BACKLOG_CAP = 2_000_000;
  public static final double DEFAULT_BACKLOG_WARN_RATIO = 0.8;
  public static final Duration DEFAULT_TRIM_INTERVAL = Duration.ofSeconds(1);
  public static final long DEFAULT_DEAD_LETTER_CAP = 100_000;
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(30);
  public static final int DEFAULT_ADMISSION_THRESHOLD = 5;
  public static final String DEFAULT_ADMITTED_STREAM = "rs:items:admitted";
  public static final long DEFAULT_ADMITTED_CAP = 100_000;
  public static final Duration DEFAULT_ADMISSION_WINDOW = Duration.ofDays(7);

  public IngestProperties {
    maxEvents = positive("maxEvents", maxEvents, DEFAULT_MAX_EVENTS);
    maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
    if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be >= 1: " + maxBodyBytes);
    maxClockSkew = nonNegative("maxClockSkew", maxClockSkew, DEFAULT_MAX_CLOCK_SKEW);
    stream = text(stream, DEFAULT_STREAM);
    deadLetterStream = text(deadLetterStream, DEFAULT_DEAD_LETTER_STREAM);
    group = text(group, DEFAULT_GROUP);
    consumerName = text(consumerName, defaultConsumerName());
    workers = positive("workers", workers, DEFAULT_WORKERS);
    readCount = positive("readCount", readCount, DEFAULT_READ_COUNT);
    readBlock = positive("readBlock", readBlock, DEFAULT_READ_BLOCK);
    reclaimAfter = positive("reclaimAfter", reclaimAfter, DEFAULT_RECLAIM_AFTER);
    reclaimInterval = positive("reclaimInterval", reclaimInterval, DEFAULT_RECLAIM_INTERVAL);
    maxDeliveries = positive("maxDeliveries", maxDeliveries, DEFAULT_MAX_DELIVERIES);
    backlogCap = backlogCap == null ? DEFAULT_BACKLOG_CAP : backlogCap;
    if (backlogCap < maxEvents) throw new IllegalArgumentException("backlogCap must be >= maxEvents: " + backlogCap);
    backlogWarnRatio = backlogWarnRatio == null ? DEFAULT_BACKLOG_WARN_RATIO : backlogWarnRatio;
    if (!(backlogWarnRatio > 0 && backlogWarnRatio <= 1)) {
      throw new IllegalArgumentException("backlogWarnRatio must be in (0, 1]: " + backlogWarnRatio);
    }
    trimInterval = positive("trimInterval", trimInterval, DEFAULT_TRIM_INTERVAL);
    deadLetterCap = deadLetterCap == null ? DEFAULT_DEAD_LETTER_CAP : deadLetterCap;
    dedupWindow = positive("dedupWindow", dedupWindow, DEFAULT_DEDUP_WINDOW);
    admissionThreshold = positive("admissionThreshold", admissionThreshold, DEFAULT_ADMISSION_THRESHOLD);
    admissionWindow = positive("admissionWindow", admissionWindow, DEFAULT_ADMISSION_WINDOW);
    entitiesPerCall = positive("entitiesPerCall", entitiesPerCall, RealtimeConfig.DEFAULT_ENTITIES_PER_CALL);
    admittedStream = text(admittedStream, DEFAULT_ADMITTED_STREAM);
    admittedCap = admittedCap == null ? DEFAULT_ADMITTED_CAP : admittedCap;
    minTimestamp = minTimestamp == null ? DEFAULT_MIN_TIMESTAMP : minTimestamp;
    if (admittedCap < 1) throw new IllegalArgumentException("admittedCap must be >= 1: " + admittedCap);
    mixtureClusterCacheTtl = mixtureClusterCacheTtl == null ? MixtureRefreshConfig.DEFAULT_CLUSTER_CACHE_TTL : mixtureClusterCacheTtl;
    if (mixtureClusterCacheTtl.isNegative()) {
      throw new IllegalArgumentException("mixtureClusterCacheTtl must be >= 0: " + mixtureClusterCacheTtl);
    }
    if (dedupWindow.compareTo(reclaimAfter.plus(reclaimInterval).multipliedBy(maxDeliveries + 1L)) < 0) {
      throw new IllegalArgumentException("dedupWindow " + dedupWindow + " is shorter than the longest redelivery "
          + "((reclaimAfter + reclaimInterval) x (maxDeliveries + 1)): a redelivered event could count twice");
    }
  }

  /** Every setting at its default. */
  public static IngestProperties defaults() {
    return new IngestProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  private static String defaultConsumerName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host;
  }

  private static int positive(String name, Integer v, int def) {
    if (v == null) return def;
    if (v < 1) throw new IllegalArgumentException(name + " must be >= 1: " + v);
    return v;
  }

  private static Duration positive(String name, Duration v, Duration def) {
    if (v == null) return def;
    if (v.isNegative() || v.isZero()) throw new IllegalArgumentException(name + " must be positive: " + v);
    return v;
  }

  private static Duration nonNegative(String name, Duration v, Duration def) {
    if (v == null) return def;
    if (v.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + v);
    return v;
  }

  private static String text(String v, String def) {
    return v == null || v.isBlank() ? def : v.trim();
  }
}
