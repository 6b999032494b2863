package io.recsys.candidate.pi2i;

import io.recsys.core.train.Progress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a task for every row {@code 0..count-1} on {@code threads} worker threads, each with its own
 * scratch (one {@link RowTask} per thread from the factory). Rows are claimed in small chunks from a
 * shared counter, so the split between threads varies from run to run: a task must write only to
 * the slots of the row it is given, which makes the result independent of the thread count.
 *
 * <p>The calling thread only waits and reports {@link Progress} (every {@value #REPORT_MILLIS} ms and
 * once at the end), as Progress's contract asks. The first failure of any worker stops the others and
 * is rethrown here. Stateless; safe to call from several threads.
 */
final class ParallelRows {
  static final int CHUNK = 16;
  static final long REPORT_MILLIS = 500;

  /** One worker's view of the work: called with each row it claims; owns its scratch. */
  @FunctionalInterface
  interface RowTask {
    void run(int row);
  }

  private ParallelRows() {}

  static void run(int count, int threads, Progress progress, Supplier<RowTask> perThread) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable body = () -> {
      try {
        RowTask task = perThread.get();
        int start;
        while (failure.get() == null && (start = next.getAndAdd(CHUNK)) < count) {
          int end = Math.min(count, start + CHUNK);
          for (int row = start; row < end; row++) task.run(row);
          done.addAndGet(end - start);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
    int workers = Math.max(1, Math.min(threads, (count + CHUNK - 1) / CHUNK));
    Thread[] pool = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      pool[w] = new Thread(body, "pi2i-worker-" + w);
      pool[w].setDaemon(true);
      pool[w].start();
    }
    try {
      for (Thread t : pool) {
        while (t.isAlive()) {
          t.join(REPORT_MILLIS);
          progress.update(done.get(), count);
        }
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, e);
      for (Thread t : pool) t.interrupt();
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) throw re;
    if (f instanceof Error err) throw err;
    if (f != null) throw new IllegalStateException("worker interrupted", f);
    progress.update(count, count);
  }
}
