package io.recsys.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
  GENERIC("generic", GenericEventReader.EVENTS_CSV + " or " + GenericEventReader.EVENTS_JSONL, GenericEventReader::new),
  // Presets of MappedEventReader: public logs read through a shipped mapping (core/README.md).
  RETAILROCKET("retailrocket", "events.csv with header " + Presets.RETAILROCKET_HEADER, () -> MappedEventReader.preset("retailrocket")),
  TAOBAO("taobao", Presets.TAOBAO_FILE, () -> MappedEventReader.preset("taobao")),
  YOOCHOOSE("yoochoose", Presets.YOOCHOOSE_FILE, () -> MappedEventReader.preset("yoochoose")),
  LASTFM_1K("lastfm-1k", Presets.LASTFM_FILE, () -> MappedEventReader.preset("lastfm-1k")),
  /** Headerless with no fixed file name, so never detected: it must be named. */
  AMAZON_RATINGS("amazon-ratings", "ratings_*.csv, never detected", () -> MappedEventReader.preset("amazon-ratings"));

  /** The identifying files of the presets. */
  private static final class Presets {
    static final String RETAILROCKET_HEADER = "timestamp,visitorid,event,itemid,transactionid";
    static final String TAOBAO_FILE = "UserBehavior.csv";
    static final String YOOCHOOSE_FILE = "yoochoose-clicks.dat";
    static final String LASTFM_FILE = "userid-timestamp-artid-artname-traid-traname.tsv";
  }

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

  /** Whether this format reads a deployment's own layout through a shipped {@link EventMapping}. */
  public boolean isPreset() {
    return ordinal() > GENERIC.ordinal();
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
   * exactly one {@code *.inter} for RecBole, {@code events.csv} or {@code events.jsonl} for generic
   * (an {@code events.csv} with RetailRocket's header is RetailRocket's), and the published file names
   * of the Taobao, YOOCHOOSE and Last.fm 1K presets. Amazon ratings have no header and no fixed name
   * and are never detected.
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
    boolean retailRocket = files.contains(GenericEventReader.EVENTS_CSV)
        && firstLine(dir.resolve(GenericEventReader.EVENTS_CSV)).startsWith(Presets.RETAILROCKET_HEADER);
    for (DatasetFormat f : values()) if (!f.evidence(files, retailRocket).isEmpty()) matches.add(f);
    if (matches.size() == 1) return matches.get(0);
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no known dataset layout in " + dir + ": found " + describe(files)
          + "; expected " + Arrays.stream(values()).filter(f -> f != AMAZON_RATINGS).map(f -> f.marker + " (" + f.cliName + ")")
              .collect(Collectors.joining(", ")) + ". Pass --format to name the format; headerless files other than"
          + " the named ones (amazon-ratings, your own) cannot be detected: pass --format amazon-ratings, or describe"
          + " the columns with --columns/--map");
    }
    throw new IllegalArgumentException(dir + " matches several dataset layouts: "
        + matches.stream().map(f -> f.cliName + " (" + f.evidence(files, retailRocket) + ")").collect(Collectors.joining(", "))
        + ". Pass --format " + matches.stream().map(DatasetFormat::cliName).collect(Collectors.joining("|"))
        + " to choose one");
  }

  /**
   * The files of {@code files} that identify this format, comma-separated; empty when none do.
   * RetailRocket's {@code events.csv} is told from the generic one by its header.
   */
  private String evidence(Set<String> files, boolean retailRocketEvents) {
    return switch (this) {
      case MOVIELENS_100K, MOVIELENS_DAT, MOVIELENS_CSV, TAOBAO, YOOCHOOSE, LASTFM_1K -> files.contains(marker) ? marker : "";
      case RECBOLE -> {
        List<String> inter = files.stream().filter(n -> n.endsWith(RecBoleReader.INTER)).toList();
        yield inter.size() == 1 ? inter.get(0) : "";
      }
      case GENERIC -> files.stream()
          .filter(n -> (n.equals(GenericEventReader.EVENTS_CSV) && !retailRocketEvents) || n.equals(GenericEventReader.EVENTS_JSONL))
          .collect(Collectors.joining(", "));
      case RETAILROCKET -> retailRocketEvents ? GenericEventReader.EVENTS_CSV + " (RetailRocket header)" : "";
      case AMAZON_RATINGS -> "";
    };
  }

  /** The first line of {@code file} (at most 4 KiB of it), without a byte-order mark; empty when it has none. */
  private static String firstLine(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    }
    String text = new String(head, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  private static String describe(Set<String> files) {
    if (files.isEmpty()) return "no files";
    String listed = files.stream().limit(LISTED_FILES).collect(Collectors.joining(", "));
    return files.size() > LISTED_FILES ? listed + " and " + (files.size() - LISTED_FILES) + " more" : listed;
  }
}
