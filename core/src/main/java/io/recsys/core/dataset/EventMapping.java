package io.recsys.core.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to read a deployment's own event files: which files, their columns, delimiter and time unit,
 * which column holds each {@link MappedField}, and the event-type names it adds to the
 * {@link EventTypeRegistry}. Built from layers of {@link KeyValueFile}s — a preset, a
 * {@code --mapping} file, the command line's flags — where later layers win.
 *
 * <p>A mapping has one source (one event file) or several ({@code sources = clicks,buys}, then keys
 * prefixed {@code clicks.} or {@code buys.} apply to that source only; unprefixed keys apply to all).
 * Keys, documented in core/README.md ("Bring your own data"):
 * <pre>
 * description = ...                  what the preset reads (shown in the summary)
 * note = ...                         a line for the summary; may repeat
 * file = NAME|GLOB|...               the file in --data DIR: the first alternative that names one file
 * optional = true|false              a missing optional source is noted, not an error
 * columns = user,item,_,type,ts      the file has no header; these are its column names (_ = ignored)
 * delimiter = auto|,|tab|::|;|pipe   auto detects it from line 1
 * time-unit = auto|s|ms|iso
 * default-type = click               the type of every row when no column holds one
 * userId = COLUMN[|COLUMN...]        any field key or alias: the column(s) holding it; with several,
 *                                    the first non-empty value is taken
 * types.NAME = TYPE[, weight=W][, positive=true|false]    (unprefixed only) an event-type alias
 * </pre>
 *
 * @param name what the summary calls it ({@code taobao}, {@code mapped})
 * @param description one line on what it reads, may be empty
 * @param sources the event files, in reading order
 * @param typeLayers the layers' {@code types.} entries, in order
 * @param notes lines for the import summary
 */
public record EventMapping(String name, String description, List<Source> sources, List<KeyValueFile> typeLayers,
    List<String> notes) {
  /** The file names a mapping without {@code file} looks for in --data DIR, in order. */
  static final String DEFAULT_FILES = "events.csv|*.csv|*.tsv|*.dat|*.txt";
  static final String TYPES_PREFIX = "types.";

  private static final Set<String> SOURCE_KEYS =
      Set.of("file", "optional", "columns", "delimiter", "time-unit", "default-type");

  public EventMapping {
    sources = List.copyOf(sources);
    typeLayers = List.copyOf(typeLayers);
    notes = List.copyOf(notes);
  }

  /**
   * One event file and how to read it.
   *
   * @param name the source's name in a multi-source mapping, empty for the only one
   * @param files alternatives of file name or glob ({@code *}, {@code ?}) in the data directory
   * @param optional whether a missing file is a note rather than an error
   * @param columns the column names of a headerless file; empty when line 1 is a header
   * @param delimiter the field delimiter, null to detect it from line 1
   * @param timeUnit how timestamps are written
   * @param defaultType the type name of rows without a type column, null when there is none
   * @param columnsOf for each mapped field, the column names that hold it (first non-empty wins)
   */
  public record Source(String name, List<String> files, boolean optional, List<String> columns, String delimiter,
      TimestampUnit timeUnit, String defaultType, Map<MappedField, List<String>> columnsOf) {
    public Source {
      files = List.copyOf(files);
      columns = List.copyOf(columns);
      columnsOf = Map.copyOf(columnsOf);
    }

    boolean headerless() {
      return !columns.isEmpty();
    }
  }

  /** The mapping {@code layers} describe, the first one the base (a preset, or an empty file). */
  static EventMapping of(String name, List<KeyValueFile> layers) {
    List<String> sourceNames = List.of("");
    String description = "";
    List<String> notes = new ArrayList<>();
    for (KeyValueFile layer : layers) {
      for (KeyValueFile.Entry e : layer.entries()) {
        switch (e.key()) {
          case "sources" -> sourceNames = Arrays.stream(e.value().split(",")).map(String::strip).toList();
          case "description" -> description = e.value();
          case "note" -> notes.add(e.value());
          default -> { }
        }
      }
    }
    // Per source, the winning entry for each key: every layer's unprefixed entries, then its own.
    List<Source> sources = new ArrayList<>();
    for (String source : sourceNames) {
      Map<String, KeyValueFile.Entry> settings = new LinkedHashMap<>();
      Map<String, KeyValueFile> settingFile = new LinkedHashMap<>();
      for (KeyValueFile layer : layers) {
        for (boolean prefixed : new boolean[] {false, true}) {
          for (KeyValueFile.Entry e : layer.entries()) {
            String key = settingKey(layer, e, sourceNames, prefixed);
            if (key == null) continue;
            if (!prefixed || source.equals(e.key().substring(0, e.key().indexOf('.')))) {
              settings.put(key, e);
              settingFile.put(key, layer);
            }
          }
        }
      }
      sources.add(source(source, settings, settingFile));
    }
    List<KeyValueFile> typeLayers = layers.stream().filter(l -> l.entries().stream()
        .anyMatch(e -> e.key().startsWith(TYPES_PREFIX))).toList();
    return new EventMapping(name, description, sources, typeLayers, notes);
  }

  /**
   * The setting an entry makes, without its source prefix; null when it is not one for this pass
   * (prefixed or not) or is a mapping-wide key.
   *
   * @throws IllegalArgumentException with file:line for an unknown key or source
   */
  private static String settingKey(KeyValueFile layer, KeyValueFile.Entry e, List<String> sourceNames,
      boolean prefixed) {
    String key = e.key();
    if (key.equals("sources") || key.equals("description") || key.equals("note") || key.startsWith(TYPES_PREFIX)) {
      return null;
    }
    int dot = key.indexOf('.');
    if ((dot >= 0) != prefixed) return null;
    String setting = dot < 0 ? key : key.substring(dot + 1);
    if (dot >= 0 && !sourceNames.contains(key.substring(0, dot))) {
      throw layer.error(e, "unknown source " + Fields.quote(key.substring(0, dot)) + " in " + Fields.quote(key)
          + " (sources: " + String.join(", ", sourceNames) + ")");
    }
    if (!SOURCE_KEYS.contains(setting) && MappedField.byName(setting) == null) {
      throw layer.error(e, "unknown key " + Fields.quote(key) + " (expected description, note, sources, file, optional,"
          + " columns, delimiter, time-unit, default-type, types.NAME or a field: " + MappedField.allKeys() + ")");
    }
    return MappedField.byName(setting) != null ? MappedField.byName(setting).key() : setting;
  }

  private static Source source(String name, Map<String, KeyValueFile.Entry> settings,
      Map<String, KeyValueFile> files) {
    List<String> fileNames = List.of(DEFAULT_FILES.split("\\|"));
    boolean optional = false;
    List<String> columns = List.of();
    String delimiter = null;
    TimestampUnit unit = TimestampUnit.AUTO;
    String defaultType = null;
    Map<MappedField, List<String>> columnsOf = new EnumMap<>(MappedField.class);
    for (Map.Entry<String, KeyValueFile.Entry> s : settings.entrySet()) {
      KeyValueFile.Entry e = s.getValue();
      KeyValueFile file = files.get(s.getKey());
      String v = e.value();
      try {
        switch (s.getKey()) {
          case "file" -> fileNames = alternatives(v);
          case "optional" -> optional = bool(v);
          case "columns" -> columns = v.isEmpty() ? List.of() : Arrays.stream(v.split(",", -1)).map(String::strip).toList();
          case "delimiter" -> delimiter = delimiter(v);
          case "time-unit" -> unit = TimestampUnit.parse(v);
          case "default-type" -> defaultType = v.isEmpty() ? null : v;
          default -> {
            List<String> names = alternatives(v);
            if (names.isEmpty()) columnsOf.remove(MappedField.byName(s.getKey()));
            else columnsOf.put(MappedField.byName(s.getKey()), names);
          }
        }
      } catch (IllegalArgumentException ex) {
        throw file.error(e, ex.getMessage());
      }
    }
    return new Source(name, fileNames, optional, columns, delimiter, unit, defaultType, columnsOf);
  }

  private static List<String> alternatives(String value) {
    return Arrays.stream(value.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static boolean bool(String v) {
    if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("expected true or false, found " + Fields.quote(v));
    return Boolean.parseBoolean(v);
  }

  /**
   * A delimiter by its name or itself: {@code ,}/{@code comma}, {@code tab}/{@code \t},
   * {@code ::}, {@code ;}/{@code semicolon}, {@code |}/{@code pipe}; null for {@code auto}.
   */
  static String delimiter(String name) {
    return switch (name) {
      case "auto", "" -> null;
      case ",", "comma" -> ",";
      case "tab", "\\t", "\t" -> "\t";
      case "::" -> "::";
      case ";", "semicolon" -> ";";
      case "|", "pipe" -> "|";
      default -> throw new IllegalArgumentException("unknown delimiter " + Fields.quote(name)
          + " (expected auto, comma, tab, ::, semicolon or pipe)");
    };
  }

  /** The registry {@code base} with this mapping's {@code types.} entries layered on, in order. */
  public EventTypeRegistry types(EventTypeRegistry base) {
    EventTypeRegistry r = base;
    for (KeyValueFile layer : typeLayers) r = r.with(layer, TYPES_PREFIX);
    return r;
  }
}
