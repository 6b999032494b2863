package io.recsys.core.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One file of a published version as its manifest records it: where it is, how long it is and its
 * SHA-256. A file that is shorter or longer than recorded (truncated, still being written, replaced)
 * or whose bytes no longer hash to the recorded value is refused. Immutable, thread-safe.
 *
 * @param path relative to the version folder, {@code /}-separated, no {@code .} or {@code ..} segment;
 *     never {@code manifest.json} itself
 * @param size length in bytes
 * @param sha256 64 lower-case hex digits
 */
public record ArtifactFile(String path, long size, String sha256) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public ArtifactFile {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException("file path must be relative and '/'-separated: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("file path must not have an empty, '.' or '..' segment: " + path);
      }
    }
    if (path.equals(ArtifactManifest.FILE_NAME)) {
      throw new IllegalArgumentException(ArtifactManifest.FILE_NAME + " is the manifest, not a file of the version");
    }
    if (size < 0) throw new IllegalArgumentException("file size must be >= 0: " + size + " (" + path + ")");
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("file sha256 must be 64 lower-case hex digits: " + sha256 + " (" + path + ")");
    }
  }

  /** Measures and hashes {@code file}, which lies below {@code versionDir}. */
  static ArtifactFile of(Path versionDir, Path file) throws IOException {
    return new ArtifactFile(Fingerprint.relativeName(versionDir, file), Files.size(file), Fingerprint.sha256Hex(file));
  }

  /** Where this file lies in {@code versionDir}. */
  public Path resolveIn(Path versionDir) {
    return versionDir.resolve(path);
  }

  /**
   * Checks that the file is there, is a regular file and has the recorded size: cheap, and catches a
   * truncated or missing file.
   *
   * @throws ArtifactException naming the file otherwise
   */
  public void checkSize(Path versionDir) {
    Path file = resolveIn(versionDir);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ArtifactException(file, "missing (the manifest lists it)");
    }
    long actual;
    try {
      actual = Files.size(file);
    } catch (IOException e) {
      throw new ArtifactException(file, "cannot read its size: " + e, e);
    }
    if (actual != size) {
      throw new ArtifactException(file, actual + " bytes, the manifest says " + size + " (truncated or replaced)");
    }
  }

  /**
   * {@link #checkSize} and then the SHA-256 of every byte: catches a file corrupted in place.
   *
   * @throws ArtifactException naming the file otherwise
   */
  public void verify(Path versionDir) {
    checkSize(versionDir);
    Path file = resolveIn(versionDir);
    String actual;
    try {
      actual = Fingerprint.sha256Hex(file);
    } catch (IOException e) {
      throw new ArtifactException(file, "cannot read it: " + e, e);
    }
    if (!actual.equals(sha256)) {
      throw new ArtifactException(file, "SHA-256 " + actual + ", the manifest says " + sha256 + " (corrupt)");
    }
  }
}
