package io.recsys.ranking.api;

import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code /internal/rank} body strictly: a JSON object, no duplicate keys, no unknown fields,
 * every field of the right type. All problems are reported at once as a 400 problem naming each field
 * ({@code candidates[3].itemId}, {@code model}, …). Thread-safe.
 */
public final class RankRequestParser {
  static final int MAX_ID_LENGTH = 256;
  static final int MAX_SOURCES = 32;
  /** The model name of this service's artefacts; {@code model} is {@code ranker} or {@code ranker@<version>}. */
  public static final String MODEL_NAME = "ranker";
  private static final Set<String> FIELDS = Set.of("userId", "candidates", "model", "context");
  private static final Set<String> CANDIDATE_FIELDS = Set.of("itemId", "score", "sources", "sourceScores");

  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final int maxCandidates;

  public RankRequestParser(int maxCandidates) {
    this.maxCandidates = maxCandidates;
  }

  public RankRequest parse(byte[] body) {
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
    else if (!u.isString()) errors.add(InvalidField.of("userId", "must be a string"));
    else if (u.asString().isBlank()) errors.add(InvalidField.of("userId", "must not be blank"));
    else if (u.asString().length() > MAX_ID_LENGTH) errors.add(InvalidField.of("userId", "longer than " + MAX_ID_LENGTH + " characters"));
    else userId = u.asString();

    List<RankRequest.Candidate> candidates = new ArrayList<>();
    JsonNode cs = root.get("candidates");
    if (cs == null || cs.isNull()) {
      errors.add(InvalidField.of("candidates", "required (an empty array is allowed)"));
    } else if (!cs.isArray()) {
      errors.add(InvalidField.of("candidates", "must be an array of candidates"));
    } else if (cs.size() > maxCandidates) {
      errors.add(InvalidField.of("candidates", "holds " + cs.size() + " candidates, at most " + maxCandidates + " are accepted"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < cs.size(); i++) {
        RankRequest.Candidate c = candidate(cs.get(i), "candidates[" + i + "]", errors);
        if (c != null && seen.add(c.itemId())) candidates.add(c);
      }
    }

    String model = null;
    JsonNode m = root.get("model");
    if (m != null && !m.isNull()) {
      if (!m.isString()) {
        errors.add(InvalidField.of("model", "must be a string: " + MODEL_NAME + " or " + MODEL_NAME + "@<version>"));
      } else {
        String s = m.asString();
        int at = s.indexOf('@');
        String name = at < 0 ? s : s.substring(0, at);
        if (!name.equals(MODEL_NAME)) {
          errors.add(InvalidField.of("model", "unknown model '" + name + "' (this service serves " + MODEL_NAME + ")"));
        } else if (at >= 0) {
          String version = s.substring(at + 1);
          if (version.isEmpty()) errors.add(InvalidField.of("model", "empty version after '@'"));
          else model = version;
        }
      }
    }
    JsonNode ctx = root.get("context");
    if (ctx != null && !ctx.isNull() && !ctx.isObject()) errors.add(InvalidField.of("context", "must be an object"));
    if (!errors.isEmpty()) throw new InvalidRequestException("the request has " + errors.size() + " invalid field(s)", errors);
    return new RankRequest(userId, candidates, model);
  }

  private static RankRequest.Candidate candidate(JsonNode n, String at, List<InvalidField> errors) {
    if (n == null || !n.isObject()) {
      errors.add(InvalidField.of(at, "must be an object with itemId"));
      return null;
    }
    int before = errors.size();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!CANDIDATE_FIELDS.contains(e.getKey())) {
        errors.add(InvalidField.of(at + "." + e.getKey(), "unknown field (expected one of " + CANDIDATE_FIELDS.stream().sorted().toList() + ")"));
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
    List<String> sources = new ArrayList<>();
    JsonNode src = n.get("sources");
    if (src != null && !src.isNull()) {
      if (!src.isArray() || src.size() > MAX_SOURCES) {
        errors.add(InvalidField.of(at + ".sources", "must be an array of at most " + MAX_SOURCES + " strings"));
      } else {
        for (int i = 0; i < src.size(); i++) {
          JsonNode e = src.get(i);
          if (!e.isString() || e.asString().isEmpty() || e.asString().length() > MAX_ID_LENGTH) {
            errors.add(InvalidField.of(at + ".sources[" + i + "]", "must be a non-empty string of at most " + MAX_ID_LENGTH + " characters"));
          } else {
            sources.add(e.asString());
          }
        }
      }
    }
    Map<String, Double> sourceScores = new LinkedHashMap<>();
    JsonNode ss = n.get("sourceScores");
    if (ss != null && !ss.isNull()) {
      if (!ss.isObject() || ss.size() > MAX_SOURCES) {
        errors.add(InvalidField.of(at + ".sourceScores", "must be an object of at most " + MAX_SOURCES + " source: number pairs"));
      } else {
        for (Map.Entry<String, JsonNode> e : ss.properties()) {
          if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
            errors.add(InvalidField.of(at + ".sourceScores." + e.getKey(), "must be a finite number"));
          } else {
            sourceScores.put(e.getKey(), e.getValue().asDouble());
          }
        }
      }
    }
    return errors.size() == before ? new RankRequest.Candidate(itemId, score, sources, sourceScores) : null;
  }

  private static InvalidRequestException invalid(InvalidField f) {
    return new InvalidRequestException("the request body is not a valid rank request", List.of(f));
  }
}
