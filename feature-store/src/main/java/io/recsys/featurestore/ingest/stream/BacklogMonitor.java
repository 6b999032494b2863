package io.recsys.featurestore.ingest.stream;

import io.recsys.featurestore.ingest.config.IngestProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code trimInterval}: trims the entries the consumer group is done with ({@link EventStream#trim})
 * and records the remaining length as the backlog, which the API compares with {@code backlogCap} before
 * appending (so the bound can be overshot by at most one interval's worth of batches). Logs a warning,
 * at most once a minute, while the backlog is above {@code backlogWarnRatio} of the cap: consumers are
 * not keeping up and producers will soon get 503s. Thread-safe; one daemon thread.
 */
public final class BacklogMonitor {
  private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);

  private final EventStream stream;
  private final IngestProperties props;
  private final IngestMetrics metrics;
  private ScheduledExecutorService executor;
  private long lastWarnNanos = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);

  public BacklogMonitor(EventStream stream, IngestProperties props, IngestMetrics metrics) {
    this.stream = stream;
    this.props = props;
    this.metrics = metrics;
  }

  synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("stream-backlog").daemon(true).unstarted(r));
    long every = props.trimInterval().toMillis();
    executor.scheduleWithFixedDelay(this::runOnce, 0, every, TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (executor != null) executor.shutdownNow();
  }

  /** One trim and measurement; failures (Redis away) keep the last value. */
  public void runOnce() {
    try {
      long backlog = stream.trim();
      metrics.backlog(backlog);
      if (backlog >= props.backlogWarnRatio() * props.backlogCap() && System.nanoTime() - lastWarnNanos > TimeUnit.MINUTES.toNanos(1)) {
        lastWarnNanos = System.nanoTime();
        log.warn("event stream backlog {} is {}% of the cap {}: feature workers are not keeping up; at the cap "
            + "POST /v1/events answers 503", backlog, Math.round(100.0 * backlog / props.backlogCap()), props.backlogCap());
      }
    } catch (RuntimeException e) {
      log.debug("backlog check failed: {}", e.getMessage());
    }
  }

  /** True when the last measured backlog leaves no room for another full batch. */
  public boolean full() {
    return metrics.backlog() + props.maxEvents() > props.backlogCap();
  }
}
