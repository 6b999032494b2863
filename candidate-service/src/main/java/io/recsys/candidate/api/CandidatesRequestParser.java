package io.recsys.candidate.api;

import io.recsys.candidate.retrieve.Strategy;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code /internal/candidates} body strictly: JSON object, no duplicate keys, no unknown
 * fields, every field of the right type and in range. Every problem is collected and reported at once
 * as a 400 problem naming the field ({@code count}, {@code filters.categories[2]}, …). Thread-safe.
 */
public final class CandidatesRequestParser {
  static final int MAX_ID_LENGTH = 256;
  static final int MAX_CATEGORIES = 100;
  private static final Set<String> FIELDS = Set.of("userId", "count", "filters", "excludeItemIds", "strategy");
  private static final Set<String> FILTER_FIELDS = Set.of("categories");

  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final int defaultCount;
  private final int maxCount;
  private final int maxExcluded;

  public CandidatesRequestParser(int defaultCount, int maxCount, int maxExcluded) {
    this.defaultCount = defaultCount;
    this.maxCount = maxCount;
    this.maxExcluded = maxExcluded;
  }

  public CandidatesRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw invalid(InvalidField.of("body", "not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) throw invalid(InvalidField.of("body", "must be a JSON object"));
    List<InvalidField> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!FIELDS.contains(e.getKey())) errors.add(InvalidField.of(e.getKey(), "unknown field (expected one of " + FIELDS.stream().sorted().toList() + ")"));
    }

    String userId = null;
    JsonNode u = root.get("userId");
    if (u == null || u.isNull()) errors.add(InvalidField.of("userId", "required"));
    else if (!u.isString()) errors.add(InvalidField.of("userId", "must be a string"));
    else if (u.asString().isBlank()) errors.add(InvalidField.of("userId", "must not be blank"));
    else if (u.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of("userId", "longer than " + MAX_ID_LENGTH + " characters"));
    else userId = u.asString();

    int count = defaultCount;
    JsonNode c = root.get("count");
    if (c != null && !c.isNull()) {
      if (!c.isIntegralNumber() || !c.canConvertToInt()) errors.add(InvalidField.of("count", "must be an integer"));
      else if (c.intValue() < 1) errors.add(InvalidField.of("count", "must be >= 1"));
      else if (c.intValue() > maxCount) errors.add(InvalidField.of("count", "must be <= " + maxCount + " (the configured maximum)"));
      else count = c.intValue();
    }

    List<String> categories = List.of();
    JsonNode f = root.get("filters");
    if (f != null && !f.isNull()) {
      if (!f.isObject()) {
        errors.add(InvalidField.of("filters", "must be an object"));
      } else {
        for (Map.Entry<String, JsonNode> e : f.properties()) {
          if (!FILTER_FIELDS.contains(e.getKey())) errors.add(InvalidField.of("filters." + e.getKey(), "unknown filter (expected categories)"));
        }
        categories = strings(f.get("categories"), "filters.categories", MAX_CATEGORIES, errors);
      }
    }
    List<String> excluded = strings(root.get("excludeItemIds"), "excludeItemIds", maxExcluded, errors);

    Strategy strategy = Strategy.MIXED;
    JsonNode s = root.get("strategy");
    if (s != null && !s.isNull()) {
      if (!s.isString()) {
        errors.add(InvalidField.of("strategy", "must be a string"));
      } else {
        try {
          strategy = Strategy.parse(s.asString());
        } catch (IllegalArgumentException e) {
          errors.add(InvalidField.of("strategy", e.getMessage()));
        }
      }
    }
    if (!errors.isEmpty()) throw new InvalidRequestException("the request has " + errors.size() + " invalid field(s)", errors);
    return new CandidatesRequest(userId, count, categories, excluded, strategy);
  }

  private static List<String> strings(JsonNode n, String field, int max, List<InvalidField> errors) {
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) {
      errors.add(InvalidField.of(field, "must be an array of strings"));
      return List.of();
    }
    if (n.size() > max) {
      errors.add(InvalidField.of(field, "holds " + n.size() + " entries, at most " + max + " are accepted"));
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isString() || e.asString().isEmpty()) errors.add(InvalidField.of(field + "[" + i + "]", "must be a non-empty string"));
      else if (e.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of(field + "[" + i + "]", "longer than " + MAX_ID_LENGTH + " characters"));
      else out.add(e.asString());
    }
    return List.copyOf(out);
  }

  private static InvalidRequestException invalid(InvalidField f) {
    return new InvalidRequestException("the request body is not a valid candidates request", List.of(f));
  }
}
