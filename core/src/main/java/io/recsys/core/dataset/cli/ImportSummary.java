package io.recsys.core.dataset.cli;

import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.RowErrors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report an import prints on stdout when it finishes.
 *
 * @param data the directory read
 * @param format the name of the format or mapping it was read as
 * @param stats what was delivered
 * @param errors the rows skipped, by reason (empty under {@code fail})
 * @param notes the reader's notes on how it interpreted the source
 * @param elapsedNanos wall time of the import
 * @param peakHeapBytes peak heap use during the import
 * @param out where the canonical files were written, or null when nothing was
 */
record ImportSummary(Path data, String format, ImportStats stats, RowErrors errors, List<String> notes,
    long elapsedNanos, long peakHeapBytes, Path out) {

  void print(PrintWriter w) {
    double seconds = elapsedNanos / 1e9;
    w.printf(Locale.ROOT, "format:        %s (%s)%n", format, data);
    w.printf(Locale.ROOT, "interactions:  %,d%s%n", stats.interactions(), byType());
    w.printf(Locale.ROOT, "users:         %,d distinct%n", stats.distinctUsers());
    w.printf(Locale.ROOT, "items:         %,d distinct%n", stats.distinctItems());
    w.printf(Locale.ROOT, "item rows:     %,d%n", stats.itemRows());
    w.printf(Locale.ROOT, "user rows:     %,d%n", stats.userRows());
    w.printf(Locale.ROOT, "time range:    %s%n", stats.interactions() == 0 ? "none"
        : Instant.ofEpochMilli(stats.minTimestamp()) + " .. " + Instant.ofEpochMilli(stats.maxTimestamp()));
    w.printf(Locale.ROOT, "elapsed:       %.1f s (%,.0f rows/s)%n", seconds,
        seconds > 0 ? stats.interactions() / seconds : 0.0);
    w.printf(Locale.ROOT, "peak heap:     %.1f MiB%n", peakHeapBytes / (1024.0 * 1024.0));
    if (errors.skipped() > 0) {
      w.printf(Locale.ROOT, "skipped:       %,d rows%n", errors.skipped());
      for (Map.Entry<String, Long> e : errors.countByReason().entrySet()) {
        w.printf(Locale.ROOT, "  %s: %,d (first at %s)%n", e.getKey(), e.getValue(),
            errors.firstSeenAt().get(e.getKey()));
      }
    }
    for (String note : notes) w.println("note: " + note);
    if (out != null) w.printf(Locale.ROOT, "written:       %s%n", out);
    w.flush();
  }

  private String byType() {
    List<String> parts = new ArrayList<>();
    for (InteractionType t : InteractionType.inLadderOrder()) {
      long n = stats.interactions(t);
      if (n > 0) parts.add(String.format(Locale.ROOT, "%s %,d", t.wireName(), n));
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
