package io.recsys.candidate.index;

import io.recsys.core.train.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code units} independent work units on a few threads while the calling thread reports
 * {@link Progress}. Index builds use it instead of hnswlib's {@code addAll}: that one calls its
 * listener from worker threads, and {@link Progress} promises its listener the coordinating thread;
 * one pool also lets a build interleave several graphs (the global one and every cluster's), which
 * keeps all threads busy even when clusters are small. Stateless; each call owns its pool.
 */
final class ParallelWork {
  /** Coordinator wake-up period: {@link Progress} asks for updates at most every few hundred ms. */
  private static final long PROGRESS_PERIOD_MS = 250;

  @FunctionalInterface
  interface Unit {
    void run(int unit) throws Exception;
  }

  private ParallelWork() {}

  /**
   * Runs {@code work} for units {@code 0..units-1} on {@code threads} threads (each unit once, any
   * order) and reports {@code progressBase + done} of {@code progressTotal} to {@code progress}.
   * The first failure stops the other threads; it is rethrown as is when unchecked or an
   * {@link IOException} (also when wrapped in {@link UncheckedIOException}), else wrapped.
   */
  static void run(String name, int units, int threads, Unit work, Progress progress, long progressBase, long progressTotal)
      throws IOException {
    if (units < 0) throw new IllegalArgumentException("units must be >= 0: " + units);
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    int t = Math.max(1, Math.min(threads, units));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(t, daemonThreads(name));
    try {
      List<Future<?>> workers = new ArrayList<>(t);
      for (int w = 0; w < t; w++) {
        workers.add(pool.submit(() -> {
          int unit;
          while (failure.get() == null && (unit = next.getAndIncrement()) < units) {
            work.run(unit);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        while (true) {
          try {
            f.get(PROGRESS_PERIOD_MS, TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException e) {
            progress.update(progressBase + done.get(), progressTotal);
          } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, e);
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
    Throwable failed = failure.get();
    if (failed != null) throw rethrow(name, failed);
    if (done.get() != units) throw new IllegalStateException(name + ": " + done.get() + " of " + units + " units ran");
    progress.update(progressBase + units, progressTotal);
  }

  private static IOException rethrow(String name, Throwable failed) {
    if (failed instanceof UncheckedIOException u) return u.getCause();
    if (failed instanceof RuntimeException r) throw r;
    if (failed instanceof Error e) throw e;
    if (failed instanceof IOException io) return io;
    if (failed instanceof InterruptedException) throw new IllegalStateException(name + " interrupted", failed);
    throw new IllegalStateException(name + " failed", failed);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
