package io.recsys.gateway.api;

import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict parsing of recommendation requests: unknown fields and query parameters, wrong types and
 * out-of-range values are refused, every problem collected and reported at once as a 400 problem
 * naming the field ({@code count}, {@code filters.categories[2]}, {@code context.surface}, …).
 * Duplicate JSON keys are refused (two {@code userId}s must not be read as whichever came last).
 * Thread-safe.
 */
public final class RecommendationRequestParser {
  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_CATEGORIES = 64;
  public static final int MAX_CONTEXT_ENTRIES = 32;
  private static final Set<String> FIELDS = Set.of("userId", "count", "context", "filters", "excludeItemIds", "explain");
  private static final Set<String> FILTER_FIELDS = Set.of("categories");
  private static final Set<String> QUERY_PARAMS = Set.of("userId", "count", "explain", "surface");

  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final int defaultCount;
  private final int maxCount;
  private final int maxExcluded;

  public RecommendationRequestParser(int defaultCount, int maxCount, int maxExcluded) {
    this.defaultCount = defaultCount;
    this.maxCount = maxCount;
    this.maxExcluded = maxExcluded;
  }

  /** {@code GET /v1/recommendations?userId=U&count=10&explain=true&surface=home}. */
  public RecommendationRequest parseQuery(Map<String, String[]> params) {
    List<InvalidField> errors = new ArrayList<>();
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      if (!QUERY_PARAMS.contains(e.getKey())) {
        errors.add(InvalidField.of(e.getKey(), "unknown query parameter (expected one of " + QUERY_PARAMS.stream().sorted().toList() + ")"));
      } else if (e.getValue().length > 1) {
        errors.add(InvalidField.of(e.getKey(), "given " + e.getValue().length + " times, at most once is accepted"));
      }
    }
    String userId = id(single(params, "userId"), "userId", errors);
    int count = defaultCount;
    String c = single(params, "count");
    if (c != null) {
      try {
        count = checkCount(Integer.parseInt(c.trim()), errors);
      } catch (NumberFormatException e) {
        errors.add(InvalidField.of("count", "must be an integer"));
      }
    }
    boolean explain = false;
    String x = single(params, "explain");
    if (x != null) {
      if (x.equals("true")) explain = true;
      else if (!x.equals("false")) errors.add(InvalidField.of("explain", "must be true or false"));
    }
    String surface = single(params, "surface");
    if (surface != null) surface = text(surface, "surface", errors);
    if (!errors.isEmpty()) throw new InvalidRequestException("the request has " + errors.size() + " invalid field(s)", errors);
    return new RecommendationRequest(userId, count, surface, List.of(), List.of(), explain);
  }

  /** {@code POST /v1/recommendations} with a JSON body. */
  public RecommendationRequest parseBody(byte[] body) {
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
    JsonNode u = root.get("userId");
    String userId = null;
    if (u == null || u.isNull()) errors.add(InvalidField.of("userId", "required"));
    else if (!u.isString()) errors.add(InvalidField.of("userId", "must be a string"));
    else userId = id(u.asString(), "userId", errors);

    int count = defaultCount;
    JsonNode c = root.get("count");
    if (c != null && !c.isNull()) {
      if (!c.isIntegralNumber() || !c.canConvertToInt()) errors.add(InvalidField.of("count", "must be an integer"));
      else count = checkCount(c.intValue(), errors);
    }

    String surface = null;
    JsonNode ctx = root.get("context");
    if (ctx != null && !ctx.isNull()) {
      if (!ctx.isObject()) errors.add(InvalidField.of("context", "must be an object"));
      else if (ctx.size() > MAX_CONTEXT_ENTRIES) errors.add(InvalidField.of("context", "holds " + ctx.size() + " entries, at most " + MAX_CONTEXT_ENTRIES));
      else {
        for (Map.Entry<String, JsonNode> e : ctx.properties()) {
          // Context is free-form (surface, device, page…), but only strings: it is logged and matched, never interpreted.
          if (!e.getValue().isString()) errors.add(InvalidField.of("context." + e.getKey(), "must be a string"));
          else if (e.getValue().asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of("context." + e.getKey(), "longer than " + MAX_ID_LENGTH + " characters"));
        }
        JsonNode s = ctx.get("surface");
        if (s != null && s.isString()) surface = text(s.asString(), "context.surface", errors);
      }
    }

    List<String> categories = List.of();
    JsonNode f = root.get("filters");
    if (f != null && !f.isNull()) {
      if (!f.isObject()) errors.add(InvalidField.of("filters", "must be an object"));
      else {
        for (Map.Entry<String, JsonNode> e : f.properties()) {
          if (!FILTER_FIELDS.contains(e.getKey())) errors.add(InvalidField.of("filters." + e.getKey(), "unknown filter (expected categories)"));
        }
        categories = strings(f.get("categories"), "filters.categories", MAX_CATEGORIES, errors);
      }
    }
    List<String> excluded = strings(root.get("excludeItemIds"), "excludeItemIds", maxExcluded, errors);

    boolean explain = false;
    JsonNode x = root.get("explain");
    if (x != null && !x.isNull()) {
      if (!x.isBoolean()) errors.add(InvalidField.of("explain", "must be true or false"));
      else explain = x.booleanValue();
    }
    if (!errors.isEmpty()) throw new InvalidRequestException("the request has " + errors.size() + " invalid field(s)", errors);
    return new RecommendationRequest(userId, count, surface, categories, excluded, explain);
  }

  private int checkCount(int v, List<InvalidField> errors) {
    if (v < 1) errors.add(InvalidField.of("count", "must be >= 1"));
    else if (v > maxCount) errors.add(InvalidField.of("count", "must be <= " + maxCount + " (the configured maximum)"));
    return v;
  }

  private static String single(Map<String, String[]> params, String name) {
    String[] v = params.get(name);
    return v == null || v.length == 0 ? null : v[0];
  }

  private static String id(String v, String field, List<InvalidField> errors) {
    if (v == null) {
      errors.add(InvalidField.of(field, "required"));
      return null;
    }
    return text(v, field, errors);
  }

  private static String text(String v, String field, List<InvalidField> errors) {
    if (v.isBlank()) errors.add(InvalidField.of(field, "must not be blank"));
    else if (v.length() > MAX_ID_LENGTH) errors.add(InvalidField.of(field, "longer than " + MAX_ID_LENGTH + " characters"));
    else if (hasControl(v)) errors.add(InvalidField.of(field, "must not contain control characters"));
    return v;
  }

  private static boolean hasControl(String v) {
    for (int i = 0; i < v.length(); i++) if (Character.isISOControl(v.charAt(i))) return true;
    return false;
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
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      String at = field + "[" + i + "]";
      if (!e.isString() || e.asString().isEmpty()) errors.add(InvalidField.of(at, "must be a non-empty string"));
      else if (e.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of(at, "longer than " + MAX_ID_LENGTH + " characters"));
      else out.add(e.asString());
    }
    return out;
  }

  private static InvalidRequestException invalid(InvalidField f) {
    return new InvalidRequestException("the request is invalid: " + f.message(), List.of(f));
  }
}
