package io.recsys.rerank.api;

import io.recsys.rerank.features.Similarity;
import io.recsys.rerank.policy.Diversity;
import io.recsys.rerank.policy.RerankConfig;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code /internal/rerank} body strictly: a JSON object, no duplicate keys, no unknown fields
 * or parameters, every field of the right type and range. All problems are reported at once as one
 * 400 problem naming each field ({@code items[3].itemId}, {@code slateSize}, {@code params.mmrLambda}).
 * Thread-safe.
 */
public final class RerankRequestParser {
  static final int MAX_ID_LENGTH = 256;
  private static final Set<String> FIELDS = Set.of("userId", "items", "slateSize", "params", "context");
  private static final Set<String> ITEM_FIELDS = Set.of("itemId", "score", "tasks", "sources");
  private static final Set<String> PARAMS = Set.of("diversity", "mmrLambda", "dppTheta", "explore", "priorStrength",
      "groupStrength", "positionBiasEta", "maxPerCategory", "nearDuplicateCosine", "propensitySamples", "seed",
      "excludeSeen", "pinned", "boosted", "similarity");

  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final int maxItems;
  private final int maxSlateSize;

  public RerankRequestParser(int maxItems, int maxSlateSize) {
    this.maxItems = maxItems;
    this.maxSlateSize = maxSlateSize;
  }

  /** Parses {@code body}, applying its {@code params} over {@code defaults}. */
  public RerankRequest parse(byte[] body, RerankConfig defaults, int defaultSlateSize, Similarity defaultSimilarity) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw invalid(InvalidField.of("body", "not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) throw invalid(InvalidField.of("body", "must be a JSON object"));
    List<InvalidField> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!FIELDS.contains(e.getKey())) {
        errors.add(InvalidField.of(e.getKey(), "unknown field (expected one of " + FIELDS.stream().sorted().toList() + ")"));
      }
    }
    String userId = null;
    JsonNode u = root.get("userId");
    if (u == null || u.isNull()) errors.add(InvalidField.of("userId", "required"));
    else if (!u.isString() || u.asString().isBlank()) errors.add(InvalidField.of("userId", "must be a non-blank string"));
    else if (u.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of("userId", "longer than " + MAX_ID_LENGTH + " characters"));
    else userId = u.asString();

    List<RerankRequest.Item> items = new ArrayList<>();
    JsonNode is = root.get("items");
    if (is == null || is.isNull()) {
      errors.add(InvalidField.of("items", "required (an empty array is allowed)"));
    } else if (!is.isArray()) {
      errors.add(InvalidField.of("items", "must be an array of ranked items"));
    } else if (is.size() > maxItems) {
      errors.add(InvalidField.of("items", "holds " + is.size() + " items, at most " + maxItems + " are accepted"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < is.size(); i++) {
        RerankRequest.Item it = item(is.get(i), "items[" + i + "]", errors);
        if (it != null && seen.add(it.itemId())) items.add(it);
      }
    }

    int slateSize = defaultSlateSize;
    JsonNode ss = root.get("slateSize");
    if (ss != null && !ss.isNull()) {
      if (!ss.isIntegralNumber() || !ss.canConvertToInt()) errors.add(InvalidField.of("slateSize", "must be an integer"));
      else if (ss.asInt() < 1) errors.add(InvalidField.of("slateSize", "must be >= 1: " + ss.asInt()));
      else if (ss.asInt() > maxSlateSize) errors.add(InvalidField.of("slateSize", ss.asInt() + " is above the maximum " + maxSlateSize));
      else slateSize = ss.asInt();
    }

    RerankConfig policy = defaults;
    Long seed = null;
    boolean excludeSeen = true;
    Similarity similarity = defaultSimilarity;
    Map<String, Integer> pinned = new LinkedHashMap<>();
    Map<String, Double> boosted = new LinkedHashMap<>();
    JsonNode ps = root.get("params");
    if (ps != null && !ps.isNull()) {
      if (!ps.isObject()) {
        errors.add(InvalidField.of("params", "must be an object"));
      } else {
        for (Map.Entry<String, JsonNode> e : ps.properties()) {
          String name = e.getKey(), at = "params." + name;
          JsonNode v = e.getValue();
          if (!PARAMS.contains(name)) {
            errors.add(InvalidField.of(at, "unknown parameter (expected one of " + PARAMS.stream().sorted().toList() + ")"));
            continue;
          }
          switch (name) {
            case "diversity" -> {
              Diversity d = v.isString() ? diversity(v.asString()) : null;
              if (d == null) errors.add(InvalidField.of(at, "must be one of mmr, dpp, none"));
              else policy = apply(policy, at, c -> c.withDiversity(d), errors);
            }
            case "explore" -> {
              if (!v.isBoolean()) errors.add(InvalidField.of(at, "must be true or false"));
              else policy = apply(policy, at, c -> c.withExplore(v.asBoolean()), errors);
            }
            case "similarity" -> {
              Similarity sim = null;
              if (v.isString()) {
                for (Similarity x : Similarity.values()) if (x.name().equalsIgnoreCase(v.asString())) sim = x;
              }
              if (sim == null) errors.add(InvalidField.of(at, "must be one of embedding, categories, both"));
              else similarity = sim;
            }
            case "excludeSeen" -> {
              if (!v.isBoolean()) errors.add(InvalidField.of(at, "must be true or false"));
              else excludeSeen = v.asBoolean();
            }
            case "maxPerCategory", "propensitySamples" -> {
              if (!v.isIntegralNumber() || !v.canConvertToInt()) errors.add(InvalidField.of(at, "must be an integer"));
              else if (name.equals("maxPerCategory")) policy = apply(policy, at, c -> c.withMaxPerCategory(v.asInt()), errors);
              else policy = apply(policy, at, c -> c.withPropensitySamples(v.asInt()), errors);
            }
            case "seed" -> {
              if (!v.isIntegralNumber() || !v.canConvertToLong()) errors.add(InvalidField.of(at, "must be an integer"));
              else seed = v.asLong();
            }
            case "pinned" -> {
              if (!v.isObject()) errors.add(InvalidField.of(at, "must be an object of itemId: slot (0-based)"));
              else for (Map.Entry<String, JsonNode> p : v.properties()) {
                JsonNode slot = p.getValue();
                if (!slot.isIntegralNumber() || !slot.canConvertToInt() || slot.asInt() < 0) {
                  errors.add(InvalidField.of(at + "." + p.getKey(), "must be a slot number >= 0"));
                } else {
                  pinned.put(p.getKey(), slot.asInt());
                }
              }
            }
            case "boosted" -> {
              if (!v.isObject()) errors.add(InvalidField.of(at, "must be an object of itemId: multiplier"));
              else for (Map.Entry<String, JsonNode> b : v.properties()) {
                JsonNode f = b.getValue();
                if (!f.isNumber() || !Double.isFinite(f.asDouble()) || f.asDouble() < 0) {
                  errors.add(InvalidField.of(at + "." + b.getKey(), "must be a finite number >= 0"));
                } else {
                  boosted.put(b.getKey(), f.asDouble());
                }
              }
            }
            default -> { // the real-valued policy settings
              if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                errors.add(InvalidField.of(at, "must be a finite number"));
              } else {
                double x = v.asDouble();
                policy = apply(policy, at, switch (name) {
                  case "mmrLambda" -> c -> c.withMmrLambda(x);
                  case "dppTheta" -> c -> c.withDppTheta(x);
                  case "priorStrength" -> c -> c.withPriorStrength(x);
                  case "groupStrength" -> c -> c.withGroupStrength(x);
                  case "positionBiasEta" -> c -> c.withPositionBiasEta(x);
                  case "nearDuplicateCosine" -> c -> c.withNearDuplicateCosine(x);
                  default -> throw new IllegalStateException("parameter " + name + " has no setter");
                }, errors);
              }
            }
          }
        }
      }
    }
    JsonNode ctx = root.get("context");
    if (ctx != null && !ctx.isNull() && !ctx.isObject()) errors.add(InvalidField.of("context", "must be an object"));
    if (!errors.isEmpty()) throw new InvalidRequestException("the request has " + errors.size() + " invalid field(s)", errors);
    return new RerankRequest(userId, items, slateSize, policy, seed, excludeSeen, pinned, boosted, similarity);
  }

  private static Diversity diversity(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "mmr" -> Diversity.MMR;
      case "dpp" -> Diversity.DPP;
      case "none" -> Diversity.NONE;
      default -> null;
    };
  }

  /** A setting out of its range becomes an error naming the parameter, with the policy's own message. */
  private static RerankConfig apply(RerankConfig c, String at, UnaryOperator<RerankConfig> change, List<InvalidField> errors) {
    try {
      return change.apply(c);
    } catch (IllegalArgumentException e) {
      errors.add(InvalidField.of(at, e.getMessage()));
      return c;
    }
  }

  private static RerankRequest.Item item(JsonNode n, String at, List<InvalidField> errors) {
    if (n == null || !n.isObject()) {
      errors.add(InvalidField.of(at, "must be an object with itemId"));
      return null;
    }
    int before = errors.size();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!ITEM_FIELDS.contains(e.getKey())) {
        errors.add(InvalidField.of(at + "." + e.getKey(), "unknown field (expected one of " + ITEM_FIELDS.stream().sorted().toList() + ")"));
      }
    }
    String itemId = null;
    JsonNode id = n.get("itemId");
    if (id == null || id.isNull()) errors.add(InvalidField.of(at + ".itemId", "required"));
    else if (!id.isString() || id.asString().isEmpty()) errors.add(InvalidField.of(at + ".itemId", "must be a non-empty string"));
    else if (id.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of(at + ".itemId", "longer than " + MAX_ID_LENGTH + " characters"));
    else itemId = id.asString();
    double score = Double.NaN;
    JsonNode s = n.get("score");
    if (s != null && !s.isNull()) {
      if (!s.isNumber() || !Double.isFinite(s.asDouble())) errors.add(InvalidField.of(at + ".score", "must be a finite number"));
      else score = s.asDouble();
    }
    double click = Double.NaN;
    JsonNode t = n.get("tasks");
    if (t != null && !t.isNull()) {
      if (!t.isObject()) {
        errors.add(InvalidField.of(at + ".tasks", "must be an object of task: probability"));
      } else {
        for (Map.Entry<String, JsonNode> e : t.properties()) {
          JsonNode p = e.getValue();
          if (!p.isNumber() || !(p.asDouble() >= 0 && p.asDouble() <= 1)) {
            errors.add(InvalidField.of(at + ".tasks." + e.getKey(), "must be a probability in [0, 1]"));
          } else if (e.getKey().equals("click")) {
            click = p.asDouble();
          }
        }
      }
    }
    JsonNode src = n.get("sources");
    if (src != null && !src.isNull() && !src.isArray()) errors.add(InvalidField.of(at + ".sources", "must be an array of strings"));
    return errors.size() == before ? new RerankRequest.Item(itemId, score, click) : null;
  }

  private static InvalidRequestException invalid(InvalidField f) {
    return new InvalidRequestException("the request body is not a valid rerank request", List.of(f));
  }
}
