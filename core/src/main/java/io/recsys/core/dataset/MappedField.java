package io.recsys.core.dataset;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a column of a mapped event file can hold. Each field has the names a mapping may call it by
 * ({@code --map userId=...}, {@code --columns user,...}) and, for a file with a header, the column
 * names that are taken to be it when the mapping does not say (the generic format's own names).
 */
public enum MappedField {
  USER("userId", List.of("user", "user_id"), true),
  ITEM("itemId", List.of("item", "item_id"), true),
  TYPE("type", List.of(), true),
  TIMESTAMP("timestamp", List.of("time", "ts"), true),
  VALUE("value", List.of(), false),
  SESSION("session", List.of("sessionId", "session_id"), false),
  CATEGORY("category", List.of("categoryId", "category_id"), false),
  PRICE("price", List.of(), false),
  TITLE("title", List.of(), false);

  private final String key;
  private final List<String> aliases;
  private final boolean required;

  MappedField(String key, List<String> aliases, boolean required) {
    this.key = key;
    this.aliases = aliases;
    this.required = required;
  }

  /** The name used in mappings and messages, e.g. {@code userId}. */
  public String key() {
    return key;
  }

  /** Whether an event cannot be built without it (user may come from a session, type from a default). */
  boolean required() {
    return required;
  }

  /** Every name of the field: its key and aliases, matched ignoring case. */
  List<String> names() {
    return Stream.concat(Stream.of(key), aliases.stream()).toList();
  }

  /** The field called {@code name} (key or alias, any case), or null. */
  static MappedField byName(String name) {
    for (MappedField f : values()) {
      for (String n : f.names()) if (n.equalsIgnoreCase(name)) return f;
    }
    return null;
  }

  static String allKeys() {
    return Arrays.stream(values()).map(MappedField::key).collect(Collectors.joining(", "));
  }
}
