package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The dataset layouts the platform imports, each with its {@link DatasetReader} and the file that
 * identifies it in a directory, so that {@link #detect} can pick the format without being told.
 */
public enum DatasetFormat {
  MOVIELENS_100K("movielens-100k", MovieLens100kReader.RATINGS, MovieLens100kReader::new),
  MOVIELENS_DAT("movielens-dat", MovieLensDatReader.RATINGS, MovieLensDatReader::new),
  MOVIELENS_CSV("movielens-csv", MovieLensCsvReader.RATINGS, MovieLensCsvReader::new),
  RECBOLE("recbole", "exactly one *" + RecBoleReader.INTER, RecBoleReader::new),
  GENERIC("generic", GenericEventReader.EVENTS_CSV + " or " + GenericEventReader.EVENTS_JSONL, GenericEventReader::new);

  /** How many unrecognised file names a detection error lists before it abbreviates. */
  private static final int LISTED_FILES = 10;

  private final String cliName;
  private final String marker;
  private final Supplier<DatasetReader> reader;

  DatasetFormat(String cliName, String marker, Supplier<DatasetReader> reader) {
    this.cliName = cliName;
    this.marker = marker;
    this.reader = reader;
  }

  /** The name used on the command line, e.g. {@code movielens-100k}. */
  public String cliName() {
    return cliName;
  }

  /** The file that identifies this format in a directory, in words (e.g. "u.data"). */
  public String marker() {
    return marker;
  }

  public DatasetReader reader() {
    return reader.get();
  }

  /**
   * Parses a format name: the command-line name or the constant's name, ignoring case and treating
   * {@code -} and {@code _} alike.
   *
   * @throws IllegalArgumentException naming the accepted names when {@code name} is none of them
   */
  public static DatasetFormat parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DatasetFormat f : values()) {
      if (f.cliName.equals(n)) return f;
    }
    throw new IllegalArgumentException("unknown dataset format " + Fields.quote(name) + " (expected "
        + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", ")) + ")");
  }

  /** {@code format} when it is given, else the format {@link #detect detected} in {@code dir}. */
  public static DatasetFormat resolve(Path dir, DatasetFormat format) throws IOException {
    return format != null ? format : detect(dir);
  }

  /**
   * The one format whose identifying file {@code dir} holds: {@code u.data} for MovieLens 100K,
   * {@code ratings.dat} for MovieLens 1M/10M, {@code ratings.csv} for MovieLens latest/25M/32M,
   * exactly one {@code *.inter} for RecBole, {@code events.csv} or {@code events.jsonl} for generic.
   *
   * @throws IllegalArgumentException when {@code dir} is not a directory, or matches no format or
   *     several; the message lists what was found and what is expected, and suggests
   *     {@code --format}
   */
  public static DatasetFormat detect(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
    Set<String> files = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) if (Files.isRegularFile(p)) files.add(p.getFileName().toString());
    }
    List<DatasetFormat> matches = new ArrayList<>();
    for (DatasetFormat f : values()) if (f.matches(files)) matches.add(f);
    if (matches.size() == 1) return matches.get(0);
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no known dataset layout in " + dir + ": found " + describe(files)
          + "; expected " + Arrays.stream(values()).map(f -> f.marker + " (" + f.cliName + ")")
              .collect(Collectors.joining(", ")) + ". Pass --format to name the format");
    }
    throw new IllegalArgumentException(dir + " matches several dataset layouts: "
        + matches.stream().map(f -> f.cliName + " (" + f.evidence(files) + ")").collect(Collectors.joining(", "))
        + ". Pass --format " + matches.stream().map(DatasetFormat::cliName).collect(Collectors.joining("|"))
        + " to choose one");
  }

  private boolean matches(Set<String> files) {
    return !evidence(files).isEmpty();
  }

  /** The files of {@code files} that identify this format, comma-separated; empty when none do. */
  private String evidence(Set<String> files) {
    return switch (this) {
      case MOVIELENS_100K, MOVIELENS_DAT, MOVIELENS_CSV -> files.contains(marker) ? marker : "";
      case RECBOLE -> {
        List<String> inter = files.stream().filter(n -> n.endsWith(RecBoleReader.INTER)).toList();
        yield inter.size() == 1 ? inter.get(0) : "";
      }
      case GENERIC -> files.stream()
          .filter(n -> n.equals(GenericEventReader.EVENTS_CSV) || n.equals(GenericEventReader.EVENTS_JSONL))
          .collect(Collectors.joining(", "));
    };
  }

  private static String describe(Set<String> files) {
    if (files.isEmpty()) return "no files";
    String listed = files.stream().limit(LISTED_FILES).collect(Collectors.joining(", "));
    return files.size() > LISTED_FILES ? listed + " and " + (files.size() - LISTED_FILES) + " more" : listed;
  }
}
