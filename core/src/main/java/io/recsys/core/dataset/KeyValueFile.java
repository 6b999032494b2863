package io.recsys.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small settings files of the import — type registries and column mappings: one
 * {@code key = value} per line, {@code #} starts a comment line, blank lines are ignored, keys and
 * values are trimmed. A subset of Java properties without escapes or continuation lines, read by hand
 * so that every error can name {@code file:line}, which {@link java.util.Properties} forgets.
 *
 * @param source the file's name as errors should show it (a path, or {@code preset taobao})
 * @param entries the entries in file order; a key may repeat, later entries win where that matters
 */
record KeyValueFile(String source, List<Entry> entries) {
  /** One {@code key = value} line. */
  /** One setting; {@code line} is 0 for settings made on the command line. */
  record Entry(String key, String value, int line) {}

  KeyValueFile {
    entries = List.copyOf(entries);
  }

  static KeyValueFile read(Path file) throws IOException {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    }
  }

  /** Reads a resource next to this class, e.g. {@code recsys-types.properties}. */
  static KeyValueFile resource(String name, String source) {
    try (InputStream in = KeyValueFile.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name + " in the core jar");
      return parse(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  static KeyValueFile parse(String source, String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int eq = line.indexOf('=');
      if (eq <= 0) throw error(source, i + 1, "expected key = value, found " + Fields.quote(line));
      entries.add(new Entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), i + 1));
    }
    return new KeyValueFile(source, entries);
  }

  /** An error in this file at {@code line}, in the {@code file:line: reason} form of row errors. */
  IllegalArgumentException error(Entry at, String reason) {
    return error(source, at.line(), reason);
  }

  private static IllegalArgumentException error(String source, int line, String reason) {
    // Line 0: an entry that came from command-line flags rather than a file.
    return new IllegalArgumentException(source + (line > 0 ? ":" + line : "") + ": " + reason);
  }
}
