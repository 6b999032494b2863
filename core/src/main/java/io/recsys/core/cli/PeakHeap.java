package io.recsys.core.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap use over a stretch of work: the sum of the peak usage of every heap memory pool (eden,
 * survivor, old), the closest the JVM comes to "the most heap this needed" without sampling. Summing
 * per-pool peaks can overstate the true peak (the pools need not peak together), never understate it.
 * Thread-safe (the JVM's counters are).
 */
public final class PeakHeap {
  private PeakHeap() {}

  /** Starts a new measurement. */
  public static void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
  }

  /** Peak heap bytes used since the last {@link #reset()}. */
  public static long usedBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }
}
