package io.recsys.featurestore.ingest.stream;

import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.featurestore.store.AdmissionFilter;
import io.recsys.featurestore.store.redis.RedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the process's feature workers ({@code workers} threads, each with its own Redis connection,
 * consumer {@code <consumerName>-<i>}) and the backlog monitor (trim and measure every
 * {@code trimInterval}). {@link #start} and {@link #stop} are called once each, by the container.
 */
public final class FeatureWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeatureWorkers.class);

  private final IngestProperties props;
  private final Supplier<RedisConnection> connections;
  private final Function<RedisConnection, RealtimeFeatureWriter> writers;
  private final Function<RedisConnection, AdmissionFilter> admissions;
  private final IngestMetrics metrics;
  private final BacklogMonitor monitor;
  private final List<FeatureWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<RedisConnection> opened = new ArrayList<>();

  /**
   * @param connections opens a new connection whose command timeout exceeds {@code readBlock}
   * @param writers the real-time writer to use on a worker's connection
   * @param admissions the admission filter on a worker's connection (asked after redeliveries)
   */
  public FeatureWorkers(IngestProperties props, Supplier<RedisConnection> connections,
      Function<RedisConnection, RealtimeFeatureWriter> writers, Function<RedisConnection, AdmissionFilter> admissions,
      IngestMetrics metrics, BacklogMonitor monitor) {
    this.props = props;
    this.connections = connections;
    this.writers = writers;
    this.admissions = admissions;
    this.metrics = metrics;
    this.monitor = monitor;
  }

  public synchronized void start() {
    ConcurrentHashMap<String, String> lastFailure = new ConcurrentHashMap<>();
    for (int i = 0; i < props.workers(); i++) {
      RedisConnection c = connections.get();
      opened.add(c);
      FeatureWorker w = new FeatureWorker(new EventStream(c, props), writers.apply(c), admissions.apply(c),
          props.consumerName() + "-" + i, props, metrics, lastFailure);
      workers.add(w);
      Thread t = Thread.ofPlatform().name("feature-worker-" + i).daemon(true).unstarted(w);
      threads.add(t);
      t.start();
    }
    monitor.start();
    log.info("{} feature workers consuming {} as group '{}' (consumers {}-0..{})", props.workers(), props.stream(),
        props.group(), props.consumerName(), props.workers() - 1);
  }

  /** Stops reading, lets a batch in progress finish (up to 5 s), then closes the worker connections. */
  public synchronized void stop() {
    monitor.stop();
    for (FeatureWorker w : workers) w.stop();
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) t.interrupt();
    }
    for (RedisConnection c : opened) c.close();
    workers.clear();
    threads.clear();
    opened.clear();
  }

  @Override
  public void close() {
    stop();
  }
}
