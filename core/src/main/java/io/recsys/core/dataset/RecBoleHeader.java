package io.recsys.core.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The typed header of a RecBole atomic file: tab-separated {@code name:type} columns, with type one
 * of {@code token}, {@code token_seq} (space-separated tokens), {@code float} and {@code float_seq}.
 *
 * @param file the file, named in errors
 * @param names field names, in column order
 * @param types field types, in column order
 */
record RecBoleHeader(Path file, List<String> names, List<String> types) {
  static final Set<String> TYPES = Set.of("token", "token_seq", "float", "float_seq");

  RecBoleHeader {
    names = List.copyOf(names);
    types = List.copyOf(types);
  }

  /**
   * Parses the header columns of {@code file}.
   *
   * @throws BadRowException at line 1 when a column is not {@code name:type} with a known type, or a
   *     name repeats
   */
  static RecBoleHeader parse(Path file, String[] columns) {
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      int colon = column.lastIndexOf(':');
      String name = colon < 0 ? "" : column.substring(0, colon);
      String type = colon < 0 ? "" : column.substring(colon + 1);
      if (name.isEmpty() || !TYPES.contains(type)) {
        throw new BadRowException(file, 1, "header column " + Fields.quote(column)
            + " is not name:type with type token, token_seq, float or float_seq");
      }
      if (!seen.add(name)) throw new BadRowException(file, 1, "header names field " + name + " twice");
      names.add(name);
      types.add(type);
    }
    return new RecBoleHeader(file, names, types);
  }

  int size() {
    return names.size();
  }

  String name(int column) {
    return names.get(column);
  }

  /** Whether the column holds space-separated tokens or numbers. */
  boolean isSequence(int column) {
    return types.get(column).endsWith("_seq");
  }

  /** The column of the first of {@code candidates} present, or -1. */
  int indexOf(List<String> candidates) {
    for (String candidate : candidates) {
      int i = names.indexOf(candidate);
      if (i >= 0) return i;
    }
    return -1;
  }

  /**
   * The column of {@code name}.
   *
   * @throws BadRowException at line 1 when there is none
   */
  int require(String name) {
    int i = names.indexOf(name);
    if (i < 0) throw new BadRowException(file, 1, "header has no " + name + " field (fields: " + names + ")");
    return i;
  }
}
