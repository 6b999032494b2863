package io.recsys.core.synthetic;

/**
 * Hears how far generation has got; called from the generating thread every 65 536 events or so and
 * once at the end, so implementations may print without rate-limiting much themselves.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (written, target) -> {};

  void eventsWritten(long written, long target);
}
