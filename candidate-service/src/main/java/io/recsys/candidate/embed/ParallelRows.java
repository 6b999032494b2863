package io.recsys.candidate.embed;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over rows {@code [0, rows)} on a fixed number of threads, in chunks handed out in order
 * from a shared counter. Each thread first asks the {@link WorkerFactory} for a {@link Worker} of its
 * own, so scratch buffers are allocated once per thread, not once per row or chunk.
 *
 * <p>Which thread runs which chunk varies from run to run; callers keep their results independent of
 * that (each row writes only its own output, and sums across rows are done afterwards in row order),
 * which is what makes the offline trainers of this module give bit-identical results for any thread
 * count. The calling thread works too, so {@code threads == 1} starts no thread at all.
 *
 * <p>Stateless; every call is independent and may come from any thread. The first failure of a
 * worker is rethrown on the calling thread once every worker has stopped.
 */
public final class ParallelRows {
  private ParallelRows() {}

  /** Processes the rows of one chunk; owns its scratch, used by one thread only. */
  @FunctionalInterface
  public interface Worker {
    void run(int from, int to);
  }

  /** Makes one {@link Worker} per thread; called on that thread. */
  @FunctionalInterface
  public interface WorkerFactory {
    Worker newWorker();
  }

  /**
   * Runs {@code rows} rows in chunks of {@code chunk} on {@code threads} threads (fewer when there are
   * fewer chunks) and returns when all are done.
   *
   * @param name prefix of the worker threads' names, for thread dumps
   */
  public static void run(String name, int rows, int chunk, int threads, WorkerFactory factory) {
    if (rows < 0) throw new IllegalArgumentException("rows must be >= 0, was " + rows);
    if (chunk < 1) throw new IllegalArgumentException("chunk must be >= 1, was " + chunk);
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    if (rows == 0) return;
    int chunks = (int) (((long) rows + chunk - 1) / chunk);
    AtomicInteger next = new AtomicInteger();
    Runnable loop = () -> {
      Worker worker = factory.newWorker();
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        int from = c * chunk;
        worker.run(from, (int) Math.min(rows, (long) from + chunk));
      }
    };
    int extra = Math.min(threads, chunks) - 1;
    if (extra == 0) {
      loop.run();
      return;
    }
    Throwable[] failure = new Throwable[1];
    Thread[] started = new Thread[extra];
    for (int t = 0; t < extra; t++) {
      started[t] = Thread.ofPlatform().name(name + "-" + t).daemon().start(() -> {
        try {
          loop.run();
        } catch (Throwable e) {
          next.set(chunks); // the others stop after their current chunk
          synchronized (failure) {
            if (failure[0] == null) failure[0] = e;
          }
        }
      });
    }
    try {
      loop.run();
    } catch (Throwable e) {
      next.set(chunks);
      synchronized (failure) {
        if (failure[0] == null) failure[0] = e;
      }
    }
    boolean interrupted = false;
    for (Thread t : started) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the workers finish their chunks quickly; keep the flag for the caller
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    Throwable f;
    synchronized (failure) {
      f = failure[0];
    }
    if (f instanceof RuntimeException r) throw r;
    if (f instanceof Error e) throw e;
    if (f != null) throw new IllegalStateException(name + " worker failed", f);
  }
}
