package io.recsys.core.artifact;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One published version of an artefact: its folder and its manifest, as {@link ArtifactStore#version}
 * found them (manifest read, every listed file present with its recorded size). Immutable,
 * thread-safe; {@link #verify()} reads the files and may be called from any thread.
 *
 * @param kind what it is
 * @param name the version name, also the folder name (see {@link #requireValidName})
 * @param path the version folder, {@code <root>/<kind>/<name>}
 * @param manifest its {@code manifest.json}
 */
public record ArtifactVersion(ArtifactKind kind, String name, Path path, ArtifactManifest manifest) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ArtifactVersion {
    Objects.requireNonNull(kind, "kind");
    requireValidName(name);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(manifest, "manifest");
    if (!manifest.kind().equals(kind.name()) || !manifest.version().equals(name)) {
      throw new IllegalArgumentException("manifest of " + manifest.kind() + "/" + manifest.version()
          + " does not describe " + kind + "/" + name);
    }
  }

  /**
   * A version name is one folder name: letters, digits, {@code .}, {@code _} and {@code -}, starting
   * with a letter or digit, at most 128 characters, never {@code ..} (so it cannot leave the kind's
   * folder, and hidden {@code .tmp-} folders are never versions). The store generates names like
   * {@code 20261204T160501Z-3fa94c1e}.
   *
   * @return {@code name}
   * @throws IllegalArgumentException otherwise
   */
  public static String requireValidName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid version name '" + name
          + "' (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128, no '..')");
    }
    return name;
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  /**
   * A file of this version, by its {@code /}-separated path relative to the version folder.
   *
   * @throws IllegalArgumentException when the manifest does not list it
   */
  public Path file(String relativePath) {
    for (ArtifactFile f : manifest.files()) {
      if (f.path().equals(relativePath)) return f.resolveIn(path);
    }
    throw new IllegalArgumentException("version " + kind + "/" + name + " has no file '" + relativePath
        + "' (it has " + manifest.files().stream().map(ArtifactFile::path).toList() + ")");
  }

  /**
   * A folder of this version (an index a library writes as several files), by its {@code /}-separated
   * path relative to the version folder.
   *
   * @throws IllegalArgumentException when the manifest lists no file below it
   */
  public Path directory(String relativePath) {
    String prefix = relativePath.endsWith("/") ? relativePath : relativePath + "/";
    for (ArtifactFile f : manifest.files()) {
      if (f.path().startsWith(prefix)) return path.resolve(relativePath).normalize();
    }
    throw new IllegalArgumentException("version " + kind + "/" + name + " has no folder '" + relativePath + "'");
  }

  /**
   * Reads every file and checks its size and SHA-256 against the manifest; a loader calls it (or
   * {@link ServingArtifact} does) before trusting the bytes.
   *
   * @throws ArtifactException naming the first file that differs
   */
  public void verify() {
    for (ArtifactFile f : manifest.files()) f.verify(path);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
