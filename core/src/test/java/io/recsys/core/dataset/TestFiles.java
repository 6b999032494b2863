package io.recsys.core.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small dataset files for tests. */
final class TestFiles {
  private TestFiles() {}

  /** Writes {@code lines}, each followed by a newline, as UTF-8. */
  static Path write(Path dir, String name, String... lines) {
    return write(dir, name, StandardCharsets.UTF_8, lines);
  }

  static Path write(Path dir, String name, Charset charset, String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) text.append(line).append('\n');
    return writeBytes(dir, name, text.toString().getBytes(charset));
  }

  static Path writeBytes(Path dir, String name, byte[] content) {
    try {
      Path file = dir.resolve(name);
      Files.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code before}, then a byte that can never occur in UTF-8 (0xFF), then {@code after}, newline-terminated. */
  static byte[] lineWithInvalidUtf8(String before, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] b = after.getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[a.length + 1 + b.length + 1];
    System.arraycopy(a, 0, line, 0, a.length);
    line[a.length] = (byte) 0xFF;
    System.arraycopy(b, 0, line, a.length + 1, b.length);
    line[line.length - 1] = '\n';
    return line;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static byte[] utf8(String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) text.append(line).append('\n');
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
