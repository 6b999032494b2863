package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON Lines file: one JSON object per line, UTF-8, read in bounded memory. Owns the per-row loop
 * (invalid bytes, empty lines, invalid JSON, non-objects) and the conversion of scalar properties to
 * text, so that the generic readers parse JSON values and CSV cells through the same {@link Fields}
 * code. Stateless apart from the shared, thread-safe mapper.
 */
final class JsonLinesFile {
  /** Receives one JSON object; throws {@link RowProblem} when a property does not parse. */
  @FunctionalInterface
  interface RowHandler {
    void row(JsonNode object, long line);
  }

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private JsonLinesFile() {}

  /**
   * Streams every line of {@code file} to {@code handler} as a JSON object, reporting the lines that
   * are not one to {@code errors}.
   *
   * @return the number of lines seen, delivered or reported
   * @throws IllegalArgumentException naming the file when it has no lines
   */
  static long forEachObject(Path file, RowHandler handler, RowErrors errors) throws IOException {
    long seen = 0;
    try (LineReader lines = LineReader.open(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.next()) != null) {
        seen++;
        long lineNumber = lines.lineNumber();
        try {
          if (lines.malformed()) throw new RowProblem("invalid UTF-8", "");
          if (line.isBlank()) throw new RowProblem("empty line", "");
          handler.row(parseObject(line), lineNumber);
        } catch (RowProblem p) {
          errors.report(file, lineNumber, p.reason(), p.detail());
        }
      }
    }
    if (seen == 0) throw new IllegalArgumentException(file + " is empty (expected one JSON object per line)");
    return seen;
  }

  private static JsonNode parseObject(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      String message = e.getOriginalMessage();
      int newline = message == null ? -1 : message.indexOf('\n');
      throw new RowProblem("invalid JSON", newline < 0 ? String.valueOf(message) : message.substring(0, newline));
    }
    if (node == null || !node.isObject()) throw new RowProblem("not a JSON object", "");
    return node;
  }

  /**
   * The first of the properties {@code names} that is present and not null, as text (numbers as
   * written); null when none is.
   */
  static String text(JsonNode object, String... names) {
    for (String name : names) {
      JsonNode value = object.get(name);
      if (value != null && !value.isNull()) return scalar(value, name);
    }
    return null;
  }

  /** The properties of the object {@code name} as text, empty when absent. */
  static Map<String, String> textMap(JsonNode object, String name) {
    JsonNode map = object.get(name);
    Map<String, String> result = new LinkedHashMap<>();
    if (map == null || map.isNull()) return result;
    if (!map.isObject()) throw new RowProblem(name + " is not a JSON object", "");
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!e.getValue().isNull()) result.put(e.getKey(), scalar(e.getValue(), name + "." + e.getKey()));
    }
    return result;
  }

  private static String scalar(JsonNode value, String name) {
    if (value.isString()) return value.stringValue();
    if (value.isNumber() || value.isBoolean()) return value.asString();
    throw new RowProblem(name + " is not a string or number", "");
  }
}
