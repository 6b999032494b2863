package io.recsys.gateway.config;

import io.recsys.gateway.cascade.PopularItems;
import io.recsys.gateway.experiment.ExperimentCatalog;
import io.recsys.gateway.experiment.ReloadResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's background work, off the request path on one daemon thread: the popular items of the
 * last rung (every {@code popular-refresh}; every {@link #EMPTY_RETRY} while none are cached, so a
 * gateway started before the candidate service gets its fallback soon after that service is up) and
 * the experiments file (every {@code experiments-reload}; a rejected edit is logged, the previous
 * experiments keep serving). Thread-safe; started and stopped with the context.
 */
public final class ScheduledRefreshes implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ScheduledRefreshes.class);
  static final Duration EMPTY_RETRY = Duration.ofSeconds(2);

  private final PopularItems popular;
  private final ExperimentCatalog catalog;
  private final Duration popularEvery;
  private final Duration experimentsEvery;
  private ScheduledExecutorService scheduler;
  private volatile long lastPopularNanos;

  public ScheduledRefreshes(PopularItems popular, ExperimentCatalog catalog, Duration popularEvery, Duration experimentsEvery) {
    this.popular = popular;
    this.catalog = catalog;
    this.popularEvery = popularEvery;
    this.experimentsEvery = experimentsEvery;
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gateway-refresh");
      t.setDaemon(true);
      return t;
    });
    lastPopularNanos = System.nanoTime() - popularEvery.toNanos();
    if (popular.hasSource()) scheduler.scheduleWithFixedDelay(this::popularTick, 0, EMPTY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    if (catalog.file() != null) {
      scheduler.scheduleWithFixedDelay(this::experimentsTick, experimentsEvery.toMillis(), experimentsEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void popularTick() {
    try {
      long now = System.nanoTime();
      if (popular.size() > 0 && now - lastPopularNanos < popularEvery.toNanos()) return;
      if (popular.refresh()) lastPopularNanos = now;
    } catch (RuntimeException e) {
      log.warn("popular items refresh failed: {}", e.toString());
    }
  }

  private void experimentsTick() {
    try {
      ReloadResult r = catalog.reloadIfChanged();
      if (r.outcome() == ReloadResult.Outcome.RELOADED) log.info("experiments reloaded: {} experiments", r.experiments());
      else if (r.outcome() == ReloadResult.Outcome.REJECTED) log.error("experiments file rejected, the previous experiments keep serving: {}", r.error());
    } catch (RuntimeException e) {
      log.warn("experiments reload failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) scheduler.shutdownNow();
    scheduler = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
