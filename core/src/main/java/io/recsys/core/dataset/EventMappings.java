package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link EventMapping}s: the shipped presets (resources {@code presets/NAME.properties} next
 * to this class) and the mapping a command line describes. Stateless.
 */
public final class EventMappings {
  /** The name of a mapping given only by files and flags. */
  public static final String CUSTOM = "mapped";

  private EventMappings() {}

  /** The shipped preset {@code name}, e.g. {@code taobao}. */
  static EventMapping preset(String name) {
    return EventMapping.of(name, List.of(presetFile(name)));
  }

  private static KeyValueFile presetFile(String name) {
    return KeyValueFile.resource("presets/" + name + ".properties", "preset " + name);
  }

  /**
   * The mapping of an import: {@code preset} (null for none) with the mapping file (null for none)
   * and the command line's flags layered on, later ones winning.
   *
   * @param map {@code FIELD=COLUMN} pairs, as {@code --map} gives them
   * @param columns the column names of a headerless file, or null
   * @param delimiter {@code --delimiter}, or null
   * @param timeUnit {@code --time-unit}, or null
   * @throws IllegalArgumentException naming the flag or file:line of a bad setting
   */
  public static EventMapping of(String preset, Path mappingFile, List<String> map, List<String> columns, String delimiter,
      String timeUnit) throws IOException {
    List<KeyValueFile> layers = new ArrayList<>();
    if (preset != null) layers.add(presetFile(preset));
    if (mappingFile != null) layers.add(KeyValueFile.read(mappingFile));
    List<KeyValueFile.Entry> flags = new ArrayList<>();
    for (String pair : map == null ? List.<String>of() : map) {
      int eq = pair.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("--map expects FIELD=COLUMN pairs, found " + Fields.quote(pair));
      String field = pair.substring(0, eq).strip();
      if (MappedField.byName(field) == null) {
        throw new IllegalArgumentException("--map: unknown field " + Fields.quote(field) + " (expected one of "
            + MappedField.allKeys() + ")");
      }
      flags.add(new KeyValueFile.Entry(field, pair.substring(eq + 1).strip(), 0));
    }
    if (columns != null) flags.add(new KeyValueFile.Entry("columns", String.join(",", columns), 0));
    if (delimiter != null) flags.add(new KeyValueFile.Entry("delimiter", delimiter, 0));
    if (timeUnit != null) flags.add(new KeyValueFile.Entry("time-unit", timeUnit, 0));
    if (!flags.isEmpty()) layers.add(new KeyValueFile("the command line", flags));
    if (layers.isEmpty()) layers.add(new KeyValueFile("defaults", List.of()));
    String name = preset != null ? preset : CUSTOM;
    EventMapping mapping = EventMapping.of(name, layers);
    if (columns != null && mapping.sources().size() > 1) {
      throw new IllegalArgumentException("--columns is ambiguous for " + name + ", which reads "
          + mapping.sources().size() + " files; use a mapping file with per-source columns");
    }
    return mapping;
  }
}
