package io.recsys.core.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SHA-256 of what an artefact was trained on, so that two artefacts can be told to come from the
 * same data. Written {@code sha256:<64 lower-case hex digits>}.
 *
 * <ul>
 *   <li>of bytes or of a file: the SHA-256 of the bytes ({@code sha256sum FILE} prints the same hex);
 *   <li>of a folder: the SHA-256 of the lines {@code <file sha256>  <relative path>\n}, one per regular
 *       file below it, sorted by the {@code /}-separated relative path. The same as
 *       {@code cd DIR && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum}
 *       for ASCII names; independent of the order the files were written in.
 * </ul>
 *
 * Immutable, thread-safe.
 *
 * @param sha256 64 lower-case hex digits
 */
public record Fingerprint(String sha256) {
  public static final String PREFIX = "sha256:";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX_FORMAT = HexFormat.of();

  public Fingerprint {
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits: " + sha256);
    }
  }

  /** Reads {@code sha256:<hex>}, as {@link #toString()} writes it. */
  public static Fingerprint parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a fingerprint reads 'sha256:<64 hex digits>': " + text);
    }
    return new Fingerprint(text.substring(PREFIX.length()));
  }

  public static Fingerprint of(byte[] bytes) {
    return new Fingerprint(HEX_FORMAT.formatHex(digest().digest(bytes)));
  }

  /**
   * Of a regular file, its bytes; of a folder, every regular file below it (see the class comment).
   *
   * @throws UncheckedIOException when the path cannot be read
   */
  public static Fingerprint of(Path path) {
    try {
      if (!Files.isDirectory(path)) return new Fingerprint(sha256Hex(path));
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      List<String> lines = files.stream().map(f -> relativeName(path, f)).sorted().toList();
      MessageDigest all = digest();
      for (String name : lines) {
        String line = sha256Hex(path.resolve(name)) + "  " + name + "\n";
        all.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return new Fingerprint(HEX_FORMAT.formatHex(all.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fingerprint " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Of a dataset folder as the offline stages see it: every regular file directly in it (not below),
   * by name and SHA-256, in name order. The stages of {@code ./recsys train} all fingerprint their
   * data this way, so "the same data" means the same thing to each of them.
   */
  public static Fingerprint ofDatasetFiles(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    StringBuilder sb = new StringBuilder();
    for (Path f : files) sb.append(f.getFileName()).append('=').append(Fingerprint.of(f)).append('\n');
    return Fingerprint.of(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code sha256:<hex>}. */
  @Override
  public String toString() {
    return PREFIX + sha256;
  }

  static String sha256Hex(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
    }
    return HEX_FORMAT.formatHex(md.digest());
  }

  /** {@code file} relative to {@code dir}, {@code /}-separated on every platform. */
  static String relativeName(Path dir, Path file) {
    Path relative = dir.relativize(file);
    StringBuilder name = new StringBuilder();
    for (Path part : relative) {
      if (!name.isEmpty()) name.append('/');
      name.append(part);
    }
    return name.toString();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
