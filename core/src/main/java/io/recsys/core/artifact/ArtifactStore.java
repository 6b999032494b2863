package io.recsys.core.artifact;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned artefacts on a file system: every trained thing (embeddings, clusters, ANN indexes, i2i
 * lists, ranker, calibration) is a {@link ArtifactKind kind} with immutable versions and one
 * {@code CURRENT} pointer.
 *
 * <pre>
 * &lt;root&gt;/&lt;kind&gt;/CURRENT                       one line: the version served
 * &lt;root&gt;/&lt;kind&gt;/&lt;version&gt;/manifest.json         {@link ArtifactManifest}, written last
 * &lt;root&gt;/&lt;kind&gt;/&lt;version&gt;/...                   the files the {@link ArtifactWriter} wrote
 * &lt;root&gt;/&lt;kind&gt;/.tmp-*                        publishes in progress (or crashed); never versions
 * </pre>
 *
 * <p><b>Publishing is atomic.</b> {@link #publish} has the writer fill {@code .tmp-<random>} in the
 * kind's folder (so the same file system), hashes and fsyncs every file, writes and fsyncs the
 * manifest, fsyncs the folders, renames the folder to its version name in one atomic rename, then
 * replaces {@code CURRENT} by writing a temporary file, fsyncing it and renaming it over the old one.
 * A reader therefore finds either no version folder or a complete one, and {@code CURRENT} always
 * holds one whole name of a complete version; a crash leaves at most a {@code .tmp-} folder, which
 * {@link #retain} removes once it is older than {@link #STALE_TEMP_AGE}.
 *
 * <p><b>Version names</b> are {@code yyyyMMdd'T'HHmmss'Z'-<8 hex>} from the injected clock (UTC) and a
 * random suffix, e.g. {@code 20261204T160501Z-3fa94c1e}; a name is always greater than every name
 * already in the kind's folder (within one second, or when the clock is behind, the suffix counts up
 * from the newest), so name order is publish order and "newest" means greatest name.
 *
 * <p><b>Thread safety:</b> thread-safe and stateless apart from its root and clock; any number of
 * threads and processes may read. Publishers of one kind may run at once (names never collide; the
 * last to rename {@code CURRENT} wins), but {@link #retain} and {@link #promote} assume one writer
 * per kind: a retention running while another process points {@code CURRENT} at an old version may
 * delete that version.
 */
public final class ArtifactStore {
  /** The pointer file in each kind's folder. */
  public static final String CURRENT = "CURRENT";
  /** {@link #retain} deletes {@code .tmp-} entries older than this (crashed publishes). */
  public static final Duration STALE_TEMP_AGE = Duration.ofHours(24);
  static final String TEMP_PREFIX = ".tmp-";

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern GENERATED = Pattern.compile("(\\d{8}T\\d{6}Z)-([0-9a-f]{8})");
  private static final int NAME_ATTEMPTS = 10;

  private final Path root;
  private final Clock clock;

  /** A store at {@code root} (created on the first publish) with the UTC system clock. */
  public ArtifactStore(Path root) {
    this(root, Clock.systemUTC());
  }

  public ArtifactStore(Path root, Clock clock) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store at {@link ArtifactConfig#root()}. */
  public ArtifactStore(ArtifactConfig config) {
    this(config.root());
  }

  /** The root folder, absolute. */
  public Path root() {
    return root;
  }

  Clock clock() {
    return clock;
  }

  /** {@code <root>/<kind>}. */
  public Path kindDir(ArtifactKind kind) {
    return root.resolve(kind.name());
  }

  /** {@code <root>/<kind>/CURRENT}. */
  public Path currentFile(ArtifactKind kind) {
    return kindDir(kind).resolve(CURRENT);
  }

  // --- publish --------------------------------------------------------------------------------------

  /**
   * Publishes a new version of {@code kind} and points {@code CURRENT} at it (see the class comment
   * for the steps). On failure nothing of the new version is visible and {@code CURRENT} is unchanged,
   * unless only the final {@code CURRENT} replacement failed: the version then exists but is not
   * current.
   *
   * @return the published version
   * @throws ArtifactException naming the folder or file at fault when the writer throws, writes
   *     nothing, writes a link or {@code manifest.json}, or the file system fails
   */
  public ArtifactVersion publish(ArtifactKind kind, ArtifactWriter writer, ManifestInfo info) {
    Objects.requireNonNull(info, "info");
    return publish(kind, writer, () -> info);
  }

  /**
   * {@link #publish(ArtifactKind, ArtifactWriter, ManifestInfo)} with the manifest information asked
   * for after the writer has run, for producers whose metrics come out of the work that writes the
   * files (a training stage).
   */
  public ArtifactVersion publish(ArtifactKind kind, ArtifactWriter writer, java.util.function.Supplier<ManifestInfo> infoAfterWrite) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(infoAfterWrite, "infoAfterWrite");
    Path kindDir = createKindDir(kind);
    Path tmp = kindDir.resolve(TEMP_PREFIX + randomHex());
    boolean moved = false;
    try {
      Files.createDirectory(tmp);
      try {
        writer.write(tmp);
      } catch (IOException | RuntimeException e) {
        throw new ArtifactException(tmp, "the writer failed: " + e, e);
      }
      ManifestInfo info = Objects.requireNonNull(infoAfterWrite.get(), "manifest info");
      List<Path> dirs = new ArrayList<>();
      List<ArtifactFile> files = collectAndSync(tmp, dirs);
      if (files.isEmpty()) throw new ArtifactException(tmp, "the writer wrote no file");
      for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String name = nextVersionName(kind, createdAt);
        ArtifactManifest manifest = ArtifactManifest.of(kind, name, createdAt, info, files);
        writeAndSync(tmp.resolve(ArtifactManifest.FILE_NAME), manifest.toJson());
        for (Path dir : dirs) syncDirectory(dir);
        Path target = kindDir.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
        try {
          Files.move(tmp, target, ATOMIC_MOVE);
        } catch (IOException e) {
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue; // another publisher took the name
          throw e;
        }
        moved = true;
        syncDirectory(kindDir);
        try {
          writeCurrent(kind, name);
        } catch (IOException e) {
          throw new ArtifactException(currentFile(kind), "version " + name + " is published but CURRENT could not be"
              + " replaced: " + e, e);
        }
        LOG.info("published {}/{}: {} files, {} bytes", kind, name, files.size(),
            files.stream().mapToLong(ArtifactFile::size).sum());
        return new ArtifactVersion(kind, name, target, manifest);
      }
      throw new ArtifactException(kindDir, "no free version name after " + NAME_ATTEMPTS + " attempts");
    } catch (IOException e) {
      throw new ArtifactException(tmp, "cannot publish " + kind + ": " + e, e);
    } finally {
      if (!moved) deleteQuietly(tmp);
    }
  }

  /**
   * Points {@code CURRENT} at an existing version, e.g. to roll back, after checking its manifest and
   * every file's size and SHA-256.
   *
   * @throws ArtifactException naming the path when the version is missing or does not verify
   * @throws IllegalArgumentException when {@code name} is not a valid version name
   */
  public ArtifactVersion promote(ArtifactKind kind, String name) {
    ArtifactVersion version = version(kind, name);
    version.verify();
    try {
      writeCurrent(kind, name);
    } catch (IOException e) {
      throw new ArtifactException(currentFile(kind), "cannot replace it: " + e, e);
    }
    LOG.info("promoted {}/{} to CURRENT", kind, name);
    return version;
  }

  private Path createKindDir(ArtifactKind kind) {
    Path kindDir = kindDir(kind);
    if (Files.isDirectory(kindDir)) return kindDir;
    try {
      Files.createDirectories(kindDir);
    } catch (IOException e) {
      throw new ArtifactException(kindDir, "cannot create it: " + e, e);
    }
    syncDirectory(root);
    return kindDir;
  }

  /**
   * Every regular file below {@code dir}, measured, hashed and fsynced; the folders (deepest first,
   * {@code dir} last) go to {@code dirs}.
   */
  private static List<ArtifactFile> collectAndSync(Path dir, List<Path> dirs) throws IOException {
    List<ArtifactFile> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isRegularFile()) {
          throw new ArtifactException(file, "not a regular file; an artefact holds regular files only");
        }
        if (file.getParent().equals(dir) && file.getFileName().toString().equals(ArtifactManifest.FILE_NAME)) {
          throw new ArtifactException(file, "the writer wrote " + ArtifactManifest.FILE_NAME
              + ", a name the store keeps for the manifest");
        }
        syncFile(file);
        files.add(ArtifactFile.of(dir, file));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        dirs.add(d);
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  /**
   * The next version name: from the clock, made greater than the newest generated name of the kind
   * when the clock does not already make it so.
   */
  private String nextVersionName(ArtifactKind kind, Instant now) {
    String candidate = STAMP.format(now) + "-" + randomHex();
    String newest = null;
    for (String name : versions(kind)) {
      if (GENERATED.matcher(name).matches()) newest = name; // sorted, so the last match is the newest
    }
    if (newest == null || candidate.compareTo(newest) > 0) return candidate;
    Matcher m = GENERATED.matcher(newest);
    if (!m.matches()) throw new IllegalStateException("unreachable: " + newest);
    long suffix = Long.parseLong(m.group(2), 16) + 1;
    if (suffix > 0xffff_ffffL) {
      throw new ArtifactException(kindDir(kind).resolve(newest), "no version name after it within its second");
    }
    return m.group(1) + "-" + String.format("%08x", suffix);
  }

  private void writeCurrent(ArtifactKind kind, String name) throws IOException {
    Path kindDir = kindDir(kind);
    Path tmp = kindDir.resolve(TEMP_PREFIX + CURRENT + "-" + randomHex());
    try {
      writeAndSync(tmp, (name + "\n").getBytes(StandardCharsets.US_ASCII));
      Files.move(tmp, kindDir.resolve(CURRENT), ATOMIC_MOVE); // rename(2) replaces the old CURRENT atomically
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(kindDir);
  }

  private static void writeAndSync(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) ch.write(buffer);
      ch.force(true);
    }
  }

  private static void syncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * fsyncs a folder so that the names created or renamed in it are durable. Where the platform cannot
   * open a folder as a channel (Windows) this is skipped: there the rename's durability is the OS's.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.trace("cannot fsync folder {} (not supported here): {}", dir, e.toString());
    }
  }

  // --- read -----------------------------------------------------------------------------------------

  /**
   * The version name {@code CURRENT} holds, or empty when there is no {@code CURRENT} (nothing
   * published yet).
   *
   * @throws ArtifactException naming {@code CURRENT} when it cannot be read, is empty or does not hold a
   *     valid version name
   */
  public Optional<String> currentName(ArtifactKind kind) {
    Path file = currentFile(kind);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ArtifactException(file, "cannot read it: " + e, e);
    }
    String name = new String(bytes, StandardCharsets.UTF_8).strip();
    if (name.isEmpty()) throw new ArtifactException(file, "empty; it should hold one version name");
    if (!ArtifactVersion.isValidName(name)) {
      String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
      throw new ArtifactException(file, "holds '" + shown.replace("\n", "\\n")
          + "', not a version name (one line: letters, digits, '.', '_' and '-', no '..')");
    }
    return Optional.of(name);
  }

  /**
   * The version {@code CURRENT} names, checked as {@link #version} checks it.
   *
   * @throws ArtifactException naming the path when {@code CURRENT} is missing or unreadable, or the
   *     version it names is missing or fails its checks
   */
  public ArtifactVersion current(ArtifactKind kind) {
    String name = currentName(kind).orElseThrow(() -> new ArtifactException(currentFile(kind),
        "missing; no version of " + kind + " has been published here"));
    return version(kind, name);
  }

  /**
   * A version by name: its folder exists, its manifest is of schema {@link ArtifactManifest#SCHEMA},
   * valid and describes this kind and name, and every listed file is there with its recorded size.
   * Checksums are not read here; {@link ArtifactVersion#verify()} does that.
   *
   * @throws ArtifactException naming the path when any of that fails
   * @throws IllegalArgumentException when {@code name} is not a valid version name
   */
  public ArtifactVersion version(ArtifactKind kind, String name) {
    ArtifactVersion.requireValidName(name);
    Path dir = kindDir(kind).resolve(name);
    if (!Files.isDirectory(dir)) throw new ArtifactException(dir, "missing; no version " + name + " of " + kind);
    Path manifestFile = dir.resolve(ArtifactManifest.FILE_NAME);
    ArtifactManifest manifest = ArtifactManifest.read(manifestFile);
    if (!manifest.kind().equals(kind.name()) || !manifest.version().equals(name)) {
      throw new ArtifactException(manifestFile, "describes " + manifest.kind() + "/" + manifest.version() + ", not "
          + kind + "/" + name + " (a copied or renamed folder?)");
    }
    for (ArtifactFile f : manifest.files()) f.checkSize(dir);
    return new ArtifactVersion(kind, name, dir, manifest);
  }

  /**
   * The version names of {@code kind}, oldest first: every folder of the kind whose name is a valid
   * version name ({@code .tmp-} folders never are).
   */
  public List<String> versions(ArtifactKind kind) {
    Path kindDir = kindDir(kind);
    if (!Files.isDirectory(kindDir)) return List.of();
    try (Stream<Path> entries = Files.list(kindDir)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(ArtifactVersion::isValidName).sorted().toList();
    } catch (IOException e) {
      throw new ArtifactException(kindDir, "cannot list it: " + e, e);
    }
  }

  // --- retention ------------------------------------------------------------------------------------

  /**
   * Deletes the versions of {@code kind} other than the {@code keepNewest} newest and the one
   * {@code CURRENT} names (kept even when it is older), and {@code .tmp-} leftovers older than
   * {@link #STALE_TEMP_AGE} by the store's clock. A version is first renamed to a {@code .tmp-} name
   * (atomic), then deleted, so a half-deleted version is never listed.
   *
   * @return the deleted version names, oldest first
   * @throws ArtifactException naming {@code CURRENT} when it cannot be read (nothing is deleted then:
   *     what it protects is unknown)
   */
  public List<String> retain(ArtifactKind kind, int keepNewest) {
    if (keepNewest < 1) throw new IllegalArgumentException("keepNewest must be >= 1: " + keepNewest);
    Optional<String> current = currentName(kind);
    List<String> all = versions(kind);
    Set<String> keep = new HashSet<>(all.subList(Math.max(0, all.size() - keepNewest), all.size()));
    current.ifPresent(keep::add);
    Path kindDir = kindDir(kind);
    List<String> deleted = new ArrayList<>();
    for (String name : all) {
      if (keep.contains(name)) continue;
      Path doomed = kindDir.resolve(TEMP_PREFIX + "deleted-" + name + "-" + randomHex());
      try {
        Files.move(kindDir.resolve(name), doomed, ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        continue; // deleted meanwhile
      } catch (IOException e) {
        throw new ArtifactException(kindDir.resolve(name), "cannot retire it: " + e, e);
      }
      deleteQuietly(doomed);
      deleted.add(name);
    }
    if (!deleted.isEmpty()) LOG.info("retention of {} deleted {}; kept {}", kind, deleted, keep);
    deleteStaleTemps(kindDir);
    return deleted;
  }

  private void deleteStaleTemps(Path kindDir) {
    if (!Files.isDirectory(kindDir)) return;
    Instant cutoff = clock.instant().minus(STALE_TEMP_AGE);
    List<Path> temps;
    try (Stream<Path> entries = Files.list(kindDir)) {
      temps = entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList();
    } catch (IOException e) {
      throw new ArtifactException(kindDir, "cannot list it: " + e, e);
    }
    for (Path temp : temps) {
      try {
        Instant modified = Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (modified.isBefore(cutoff)) {
          LOG.info("deleting leftover {} (last modified {})", temp, modified);
          deleteQuietly(temp);
        }
      } catch (IOException e) {
        LOG.debug("leftover {} went away or cannot be read: {}", temp, e.toString());
      }
    }
  }

  /** Deletes a file or folder tree, links not followed; logs what could not be deleted. */
  private static void deleteQuietly(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", path, e.toString());
    }
  }

  private static String randomHex() {
    return String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
