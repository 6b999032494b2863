package io.recsys.gateway.experiment;

import io.recsys.gateway.experiment.ExperimentCatalogException.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an experiments file strictly: one JSON object {@code {"experiments": [...]}}, no duplicate or
 * unknown fields, every field of the right type; then the records' own rules and the catalog's (unique
 * names, salts and surfaces). Every problem is reported at once, each with its line and column.
 *
 * <p>JSON trees carry no locations, so the parser first walks the token stream and remembers where each
 * field path ({@code experiments[1].variants[0].weight}) starts; a problem found later on the tree is
 * then reported at its field's line, or at the nearest enclosing object's when the field is missing.
 *
 * <p>Thread-safe (stateless; the mapper is immutable).
 */
final class ExperimentFileParser {
  static final Set<String> ROOT_FIELDS = Set.of("experiments");
  static final Set<String> EXPERIMENT_FIELDS = Set.of("name", "salt", "surface", "variants");
  static final Set<String> VARIANT_FIELDS = Set.of("name", "weight", "overrides");
  static final Set<String> OVERRIDE_FIELDS = Set.of("candidateStrategy", "rankerModel", "rerankParams", "backends");

  private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ExperimentFileParser() {
  }

  /**
   * The experiments in {@code content}.
   *
   * @param file the file's name for messages
   * @throws ExperimentCatalogException naming every problem
   */
  static List<Experiment> parse(String file, byte[] content) {
    Map<String, TokenStreamLocation> locations = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    JsonNode root;
    try {
      walk(content, locations);
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      problems.add(new Problem(null, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage()));
      throw new ExperimentCatalogException(file, problems, e);
    }
    Errors errors = new Errors(locations, problems);
    List<Experiment> experiments = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    if (root == null || !root.isObject()) {
      errors.add("", "the file must hold one JSON object: {\"experiments\": [...]}");
    } else {
      unknownFields(root, "", ROOT_FIELDS, errors);
      JsonNode list = root.get("experiments");
      if (list == null || list.isNull()) {
        errors.add("experiments", "required (an empty array means no experiments)");
      } else if (!list.isArray()) {
        errors.add("experiments", "must be an array of experiments");
      } else {
        for (int i = 0; i < list.size(); i++) {
          String at = "experiments[" + i + "]";
          Experiment e = experiment(list.get(i), at, errors);
          if (e != null) {
            experiments.add(e);
            paths.add(at);
          }
        }
      }
    }
    if (errors.isEmpty()) {
      // Only when every experiment was built: with one missing, "duplicate" findings would be misleading.
      for (InvalidExperimentException e : CatalogSnapshot.catalogProblems(experiments)) errors.add(e.field(), e.problem());
    }
    if (!errors.isEmpty()) {
      problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
      throw new ExperimentCatalogException(file, problems, null);
    }
    return List.copyOf(experiments);
  }

  private static Experiment experiment(JsonNode node, String at, Errors errors) {
    if (!node.isObject()) {
      errors.add(at, "must be an object with name, salt, surface and variants");
      return null;
    }
    int before = errors.size();
    unknownFields(node, at, EXPERIMENT_FIELDS, errors);
    String name = string(node, "name", at, false, errors);
    String salt = string(node, "salt", at, false, errors);
    String surface = string(node, "surface", at, true, errors);
    List<Variant> variants = new ArrayList<>();
    JsonNode vs = node.get("variants");
    if (vs == null || vs.isNull()) {
      errors.add(at + ".variants", "required (at least one variant)");
    } else if (!vs.isArray()) {
      errors.add(at + ".variants", "must be an array of variants");
    } else {
      for (int i = 0; i < vs.size(); i++) {
        Variant v = variant(vs.get(i), at + ".variants[" + i + "]", errors);
        if (v != null) variants.add(v);
      }
    }
    if (errors.size() > before) return null;
    try {
      return new Experiment(name, salt, surface, variants);
    } catch (InvalidExperimentException e) {
      errors.add(e.within(at));
      return null;
    }
  }

  private static Variant variant(JsonNode node, String at, Errors errors) {
    if (!node.isObject()) {
      errors.add(at, "must be an object with name, weight and overrides");
      return null;
    }
    int before = errors.size();
    unknownFields(node, at, VARIANT_FIELDS, errors);
    String name = string(node, "name", at, false, errors);
    double weight = 0;
    JsonNode w = node.get("weight");
    if (w == null || w.isNull()) errors.add(at + ".weight", "required (a number > 0)");
    else if (!w.isNumber()) errors.add(at + ".weight", "must be a number > 0");
    else weight = w.doubleValue();
    VariantOverrides overrides = VariantOverrides.NONE;
    JsonNode o = node.get("overrides");
    if (o != null && !o.isNull()) overrides = overrides(o, at + ".overrides", errors);
    if (errors.size() > before) return null;
    try {
      return new Variant(name, weight, overrides);
    } catch (InvalidExperimentException e) {
      errors.add(e.within(at));
      return null;
    }
  }

  private static VariantOverrides overrides(JsonNode node, String at, Errors errors) {
    if (!node.isObject()) {
      errors.add(at, "must be an object with any of " + new TreeSet<>(OVERRIDE_FIELDS));
      return null;
    }
    int before = errors.size();
    unknownFields(node, at, OVERRIDE_FIELDS, errors);
    String strategy = string(node, "candidateStrategy", at, true, errors);
    String model = string(node, "rankerModel", at, true, errors);
    Map<String, Object> params = Map.of();
    JsonNode ps = node.get("rerankParams");
    if (ps != null && !ps.isNull()) {
      if (!ps.isObject()) errors.add(at + ".rerankParams", "must be an object of rerank parameters");
      else {
        params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : ps.properties()) params.put(e.getKey(), plain(e.getValue()));
      }
    }
    Map<String, String> backends = Map.of();
    JsonNode bs = node.get("backends");
    if (bs != null && !bs.isNull()) {
      if (!bs.isObject()) errors.add(at + ".backends", "must be an object of stage: base URL");
      else {
        backends = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : bs.properties()) {
          if (!e.getValue().isString()) errors.add(at + ".backends." + e.getKey(), "must be a URL string");
          else backends.put(e.getKey(), e.getValue().asString());
        }
      }
    }
    if (errors.size() > before) return null;
    try {
      return new VariantOverrides(strategy, model, params, backends);
    } catch (InvalidExperimentException e) {
      errors.add(e.within(at));
      return null;
    }
  }

  /** A JSON value as plain Java (String, Boolean, Long/BigInteger, Double, List, Map; null stays null). */
  private static Object plain(JsonNode n) {
    if (n.isString()) return n.asString();
    if (n.isBoolean()) return n.booleanValue();
    if (n.isIntegralNumber()) return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    if (n.isNumber()) return n.doubleValue();
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      for (int i = 0; i < n.size(); i++) list.add(plain(n.get(i)));
      return list;
    }
    if (n.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) map.put(e.getKey(), plain(e.getValue()));
      return map;
    }
    return null;
  }

  private static String string(JsonNode node, String name, String at, boolean nullable, Errors errors) {
    JsonNode v = node.get(name);
    String path = at.isEmpty() ? name : at + "." + name;
    if (v == null || v.isNull()) {
      if (!nullable) errors.add(path, "required");
      return null;
    }
    if (!v.isString()) {
      errors.add(path, "must be a string" + (nullable ? " or null" : ""));
      return null;
    }
    return v.asString();
  }

  private static void unknownFields(JsonNode node, String at, Set<String> known, Errors errors) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!known.contains(e.getKey())) {
        errors.add(at.isEmpty() ? e.getKey() : at + "." + e.getKey(), "unknown field (expected one of " + new TreeSet<>(known) + ")");
      }
    }
  }

  /**
   * Records where each field path starts. Paths use the same syntax as the error messages; array
   * elements are located at their opening token, object fields at their name.
   */
  private static void walk(byte[] content, Map<String, TokenStreamLocation> locations) {
    // One frame per open container: its path, and for arrays the index of the element being read.
    record Frame(String path, boolean array, int[] index) {
    }
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = JSON.createParser(content)) {
      JsonToken t;
      String pending = "";
      while ((t = p.nextToken()) != null) {
        Frame top = stack.peek();
        if (t == JsonToken.PROPERTY_NAME) {
          pending = top.path().isEmpty() ? p.currentName() : top.path() + "." + p.currentName();
          locations.putIfAbsent(pending, p.currentTokenLocation());
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          continue;
        }
        String path = pending;
        if (top != null && top.array()) {
          path = top.path() + "[" + (++top.index()[0]) + "]";
          locations.putIfAbsent(path, p.currentTokenLocation());
        } else if (top == null) {
          locations.putIfAbsent("", p.currentTokenLocation());
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          stack.push(new Frame(path, t == JsonToken.START_ARRAY, new int[] {-1}));
        }
      }
    }
  }

  /** Problems found so far, each placed at its field (or the nearest located ancestor). */
  private record Errors(Map<String, TokenStreamLocation> locations, List<Problem> problems) {
    void add(InvalidExperimentException e) {
      add(e.field(), e.problem());
    }

    void add(String field, String message) {
      TokenStreamLocation at = locate(field);
      problems.add(new Problem(field.isEmpty() ? null : field, at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), message));
    }

    int size() {
      return problems.size();
    }

    boolean isEmpty() {
      return problems.isEmpty();
    }

    private TokenStreamLocation locate(String field) {
      String f = field;
      while (true) {
        TokenStreamLocation at = locations.get(f);
        if (at != null || f.isEmpty()) return at;
        int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
        f = cut < 0 ? "" : f.substring(0, cut);
      }
    }
  }
}
