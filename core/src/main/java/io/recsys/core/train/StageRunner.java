package io.recsys.core.train;

import io.recsys.core.artifact.ArtifactException;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.ManifestInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the offline stages of {@code ./recsys train} in order, each publishing one versioned artefact,
 * and skips a stage whose {@link StageInputs} equal those recorded in its kind's {@code CURRENT}
 * version: same data, same upstream versions, same configuration give the same artefact, so a second
 * run on unchanged data takes seconds. A skipped stage's existing version is what downstream stages
 * read (its name is part of their inputs, so they skip too).
 *
 * <p>Every run prints a line when a stage starts and ends, progress through a {@link ProgressPrinter},
 * and {@link #printTable()} gives one row per stage (status, version, time, metrics). After a publish
 * the kind's old versions beyond {@code keepVersions} are removed ({@link ArtifactStore#retain}).
 *
 * <p>Not thread-safe: stages run one after the other on the caller's thread (each may use all cores
 * inside).
 */
public final class StageRunner {
  /** What happened to a stage. */
  public enum Status { TRAINED, SKIPPED }

  /** One row of the summary table. */
  public record Row(String stage, ArtifactKind kind, Status status, String version, long millis,
      Map<String, Double> metrics) {}

  private final ArtifactStore store;
  private final String command;
  private final String gitCommit;
  private final int keepVersions;
  private final boolean force;
  private final PrintStream out;
  private final Clock clock;
  private final List<Row> rows = new ArrayList<>();

  /**
   * @param command the command line recorded in each manifest
   * @param gitCommit the code's commit, or {@link ManifestInfo#UNKNOWN_COMMIT}
   * @param keepVersions versions kept per kind after a publish (CURRENT's always)
   * @param force run every stage even when its inputs are unchanged
   */
  public StageRunner(ArtifactStore store, String command, String gitCommit, int keepVersions, boolean force,
      PrintStream out, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.command = command;
    this.gitCommit = gitCommit;
    if (keepVersions < 1) throw new IllegalArgumentException("keepVersions must be >= 1: " + keepVersions);
    this.keepVersions = keepVersions;
    this.force = force;
    this.out = out;
    this.clock = clock;
  }

  public ArtifactStore store() {
    return store;
  }

  /**
   * Runs (or skips) one stage and returns the version downstream stages should read.
   *
   * @param unit what the stage's progress counts (for the progress line)
   */
  public ArtifactVersion run(String stage, ArtifactKind kind, StageInputs inputs, String unit, StageBody body) {
    return run(stage, kind, inputs, 0, unit, body);
  }

  /**
   * {@link #run(String, ArtifactKind, StageInputs, String, StageBody)} for a stage whose artefact reads
   * features of the feature store: its manifest records that schema's version, so a service can refuse
   * a model trained against another one.
   */
  public ArtifactVersion run(String stage, ArtifactKind kind, StageInputs inputs, int featureSchemaVersion, String unit,
      StageBody body) {
    long start = clock.millis();
    Optional<ArtifactVersion> unchanged = force ? Optional.empty() : unchanged(kind, inputs);
    if (unchanged.isPresent()) {
      ArtifactVersion v = unchanged.get();
      out.printf(Locale.ROOT, "%-20s skipped: inputs unchanged since %s%n", stage, v.name());
      rows.add(new Row(stage, kind, Status.SKIPPED, v.name(), clock.millis() - start, v.manifest().metrics()));
      return v;
    }
    out.printf(Locale.ROOT, "%-20s training ...%n", stage);
    ProgressPrinter progress = new ProgressPrinter(out, stage, unit, clock, ProgressPrinter.DEFAULT_INTERVAL_MILLIS);
    List<Map<String, Double>> metrics = new ArrayList<>(1);
    ArtifactVersion v = store.publish(kind, dir -> {
      metrics.add(body.run(dir, progress));
      Files.writeString(dir.resolve(StageInputs.FILE_NAME), inputs.canonical(), StandardCharsets.UTF_8);
    }, () -> new ManifestInfo(inputs.data(), featureSchemaVersion, command, gitCommit, metrics.getFirst()));
    store.retain(kind, keepVersions);
    long millis = clock.millis() - start;
    out.printf(Locale.ROOT, "%-20s published %s/%s in %s%n", stage, kind, v.name(), ProgressPrinter.duration(millis));
    rows.add(new Row(stage, kind, Status.TRAINED, v.name(), millis, v.manifest().metrics()));
    return v;
  }

  /** The CURRENT version of {@code kind} when it was made from exactly these inputs. */
  private Optional<ArtifactVersion> unchanged(ArtifactKind kind, StageInputs inputs) {
    Optional<String> name = store.currentName(kind);
    if (name.isEmpty()) return Optional.empty();
    ArtifactVersion v;
    try {
      v = store.version(kind, name.get());
    } catch (ArtifactException e) {
      out.println("  " + kind + ": CURRENT is not usable (" + e.getMessage() + "); training again");
      return Optional.empty();
    }
    Path recorded = v.path().resolve(StageInputs.FILE_NAME);
    try {
      return Files.readString(recorded, StandardCharsets.UTF_8).equals(inputs.canonical()) ? Optional.of(v) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + recorded, e);
    }
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** One row per stage run so far: stage, status, version, time and metrics. */
  public void printTable() {
    out.println();
    out.printf(Locale.ROOT, "%-20s %-8s %-28s %9s  %s%n", "stage", "status", "version", "time", "metrics");
    for (Row r : rows) {
      StringBuilder m = new StringBuilder();
      r.metrics().forEach((k, val) -> m.append(k).append('=').append(format(val)).append(' '));
      out.printf(Locale.ROOT, "%-20s %-8s %-28s %9s  %s%n", r.stage(), r.status().name().toLowerCase(Locale.ROOT),
          r.kind() + "/" + r.version(), ProgressPrinter.duration(r.millis()), m.toString().strip());
    }
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v);
  }
}
