package io.recsys.core.train;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * Prints a step's progress as {@code "  embeddings  6/12 iterations  3.1/s  ETA 2s"}, at most once per
 * {@link #DEFAULT_INTERVAL_MILLIS} and always at completion, so a long stage shows it is alive and
 * how long it will take without flooding a log. Time from the injected clock. Not thread-safe: one
 * step reports from one thread (the {@link Progress} contract).
 */
public final class ProgressPrinter implements Progress {
  public static final long DEFAULT_INTERVAL_MILLIS = 2_000;

  private final PrintStream out;
  private final String label;
  private final String unit;
  private final Clock clock;
  private final long intervalMillis;
  private final long startMillis;
  private long lastPrintMillis;
  private boolean finished;

  public ProgressPrinter(PrintStream out, String label, String unit, Clock clock, long intervalMillis) {
    this.out = out;
    this.label = label;
    this.unit = unit;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
    this.startMillis = clock.millis();
    this.lastPrintMillis = startMillis;
  }

  public ProgressPrinter(PrintStream out, String label, String unit) {
    this(out, label, unit, Clock.systemUTC(), DEFAULT_INTERVAL_MILLIS);
  }

  @Override
  public void update(long done, long total) {
    long now = clock.millis();
    boolean complete = total > 0 && done >= total;
    if (complete ? finished : now - lastPrintMillis < intervalMillis) return;
    lastPrintMillis = now;
    finished = complete;
    out.println(line(done, total, now - startMillis));
  }

  String line(long done, long total, long elapsedMillis) {
    double seconds = Math.max(elapsedMillis, 1) / 1000.0;
    double rate = done / seconds;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-20s %,d/%,d %s  %s/s", label, done, total, unit,
        rate >= 100 ? String.format(Locale.ROOT, "%,.0f", rate) : String.format(Locale.ROOT, "%.1f", rate)));
    if (done < total && done > 0) {
      sb.append("  ETA ").append(duration((long) ((total - done) / rate * 1000)));
    } else if (done >= total) {
      sb.append("  done in ").append(duration(elapsedMillis));
    }
    return sb.toString();
  }

  /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}. */
  public static String duration(long millis) {
    if (millis < 1000) return millis + "ms";
    if (millis < 60_000) return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    long s = millis / 1000;
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
