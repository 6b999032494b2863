package io.recsys.gateway.experiment;

import io.recsys.gateway.experiment.ExperimentCatalogException.Problem;
import io.recsys.gateway.experiment.ReloadResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The experiments the gateway runs, read from a JSON file ({@code gateway/EXPERIMENTS.md} has the
 * format) and reloadable without a restart.
 *
 * <p>Reloading: {@link #reloadIfChanged()} re-reads the file and swaps in a new catalog only when its
 * content hash differs from the last content examined; the application's scheduler calls it every few
 * seconds (this class starts no threads). {@link #reload()} re-parses unconditionally, for an admin
 * endpoint. A file that is invalid, unreadable or gone on reload is rejected: the previous catalog keeps
 * serving, and the result and {@link #lastError()} say why, because a typo pushed to a config volume must
 * not switch every experiment off. At start-up ({@link #load}) the same problems throw, so a bad file
 * never goes unnoticed. A null path means no experiments.
 *
 * <p>Thread-safe: requests read one immutable snapshot from an {@link AtomicReference} without locking;
 * the reload methods are synchronised with each other so a scheduled and an admin reload cannot
 * interleave.
 */
public final class ExperimentCatalog {
  /** Bound on the file: a catalog is a few kilobytes; anything near this is a wrong path. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private final Path file;
  private final Clock clock;
  private final AtomicReference<CatalogSnapshot> current;
  private volatile String lastError;
  /** Fingerprint of the last content (or read failure) examined; guarded by {@code this}. */
  private String lastSeen;

  private ExperimentCatalog(Path file, Clock clock, CatalogSnapshot initial) {
    this.file = file;
    this.clock = clock;
    this.current = new AtomicReference<>(initial);
    this.lastSeen = initial.contentHash();
  }

  /**
   * Reads {@code file}; null means no experiments.
   *
   * @throws ExperimentCatalogException when the file is missing, unreadable or invalid, naming the file,
   *     and for each problem its line, column and field
   */
  public static ExperimentCatalog load(Path file, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (file == null) return new ExperimentCatalog(null, clock, CatalogSnapshot.of(List.of(), "", clock.instant()));
    byte[] content = read(file);
    return new ExperimentCatalog(file, clock, parse(file, content, clock.instant()));
  }

  /** A fixed catalog, not backed by a file (reloads report {@code UNCHANGED}); for tests and embedding. */
  public static ExperimentCatalog of(List<Experiment> experiments, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new ExperimentCatalog(null, clock, CatalogSnapshot.of(experiments, "", clock.instant()));
  }

  /**
   * The variant {@code userId} gets on {@code surface}: from the surface's own experiment, else from the
   * experiment without a surface; empty when neither exists.
   *
   * @param surface null for a request that names no surface (only the surface-less experiment applies)
   */
  public Optional<Assignment> assign(String userId, String surface) {
    Objects.requireNonNull(userId, "userId");
    Experiment e = current.get().forSurface(surface);
    return e == null ? Optional.empty() : Optional.of(VariantAssigner.assign(e, userId));
  }

  /** The experiments being served, in file order. */
  public List<Experiment> experiments() {
    return current.get().experiments();
  }

  /** The experiment called {@code name} in the catalog being served. */
  public Optional<Experiment> experiment(String name) {
    return Optional.ofNullable(current.get().byName().get(name));
  }

  /** Hex SHA-256 of the content being served ({@code ""} when not from a file). */
  public String contentHash() {
    return current.get().contentHash();
  }

  /** When the catalog being served was loaded. */
  public Instant loadedAt() {
    return current.get().loadedAt();
  }

  /** The file, or null. */
  public Path file() {
    return file;
  }

  /**
   * Why the file on disk is not what is being served (it was rejected at the last examination), or empty
   * when it is.
   */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** Re-reads the file and swaps in its catalog if its content changed since the last examination. */
  public synchronized ReloadResult reloadIfChanged() {
    return reload(false);
  }

  /** Re-reads and re-parses the file whatever its content (admin endpoint). */
  public synchronized ReloadResult reload() {
    return reload(true);
  }

  private ReloadResult reload(boolean force) {
    Instant now = clock.instant();
    CatalogSnapshot served = current.get();
    if (file == null) return result(Outcome.UNCHANGED, now, served, null);
    byte[] content;
    try {
      content = read(file);
    } catch (ExperimentCatalogException e) {
      return rejected("unreadable:" + e.getMessage(), e.getMessage(), force, now, served);
    }
    String hash = sha256(content);
    if (!force && hash.equals(lastSeen)) return result(Outcome.UNCHANGED, now, served, null);
    if (!force && hash.equals(served.contentHash())) {
      // The file went back to the content being served after a rejected edit: nothing is wrong any more.
      lastSeen = hash;
      lastError = null;
      return result(Outcome.UNCHANGED, now, served, null);
    }
    CatalogSnapshot next;
    try {
      next = parse(file, content, now);
    } catch (ExperimentCatalogException e) {
      return rejected(hash, e.getMessage(), force, now, served);
    }
    current.set(next);
    lastSeen = hash;
    lastError = null;
    return result(Outcome.RELOADED, now, next, null);
  }

  private ReloadResult rejected(String fingerprint, String error, boolean force, Instant now, CatalogSnapshot served) {
    // The same broken content seen again is UNCHANGED, so a scheduler logging REJECTED logs each bad edit once.
    boolean seen = fingerprint.equals(lastSeen);
    lastSeen = fingerprint;
    lastError = error;
    if (seen && !force) return result(Outcome.UNCHANGED, now, served, null);
    return result(Outcome.REJECTED, now, served, error);
  }

  private static ReloadResult result(Outcome outcome, Instant now, CatalogSnapshot served, String error) {
    return new ReloadResult(outcome, now, served.experiments().size(), served.contentHash(), error);
  }

  private static CatalogSnapshot parse(Path file, byte[] content, Instant now) {
    List<Experiment> experiments = ExperimentFileParser.parse(file.toString(), content);
    return CatalogSnapshot.of(experiments, sha256(content), now);
  }

  private static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ExperimentCatalogException(file.toString(), List.of(new Problem(null, 0, 0,
            "is " + size + " bytes, more than the " + MAX_FILE_BYTES + " an experiments file may have")), null);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ExperimentCatalogException(file.toString(), List.of(new Problem(null, 0, 0, "no such file")), e);
    } catch (IOException e) {
      throw new ExperimentCatalogException(file.toString(), List.of(new Problem(null, 0, 0, "cannot be read: " + e)), e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
