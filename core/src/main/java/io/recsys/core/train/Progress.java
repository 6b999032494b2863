package io.recsys.core.train;

/**
 * Hears how far a long offline step has got: {@code done} of {@code total} units (users, items,
 * iterations; the step says which). Steps call it from their coordinating thread, at most every few
 * hundred milliseconds worth of work and once at the end, so an implementation may print directly.
 * Implementations used from worker threads must say so.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = (done, total) -> {};

  void update(long done, long total);
}
