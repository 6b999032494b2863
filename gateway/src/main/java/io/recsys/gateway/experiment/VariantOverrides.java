package io.recsys.gateway.experiment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a variant changes in the cascade for the users assigned to it; everything left out keeps the
 * gateway's default. Immutable, deeply: {@code rerankParams} is copied into unmodifiable maps and lists
 * so a snapshot shared by every request thread cannot be changed through an accessor.
 *
 * @param candidateStrategy the candidate service's strategy name, or null for the default
 * @param rankerModel the ranker model reference (e.g. {@code ranker@2026-11-30}), or null for the
 *     default
 * @param rerankParams {@code /internal/rerank} {@code params} to send (JSON values: strings, numbers,
 *     booleans, lists and objects of them; no nulls, because "leave the parameter out" is how the default
 *     is asked for); empty for none. The rerank service validates the names and ranges; the gateway does
 *     not duplicate its list
 * @param backends canary base URLs per stage: keys only {@code candidates}, {@code ranking},
 *     {@code rerank}; values absolute {@code http}/{@code https} URLs without query or fragment; empty
 *     for the configured backends
 */
public record VariantOverrides(String candidateStrategy, String rankerModel, Map<String, Object> rerankParams,
    Map<String, String> backends) {
  /** The stages a canary backend may replace. */
  public static final Set<String> STAGES = Set.of("candidates", "ranking", "rerank");
  /** No change from the defaults. */
  public static final VariantOverrides NONE = new VariantOverrides(null, null, Map.of(), Map.of());
  /** Bound on strategy and model references: they end up in logs and metric tags. */
  public static final int MAX_REFERENCE_LENGTH = 200;
  /** Bound on rerankParams nesting: a guard against pathological files, far above any real use. */
  public static final int MAX_PARAM_DEPTH = 8;

  public VariantOverrides {
    checkReference("candidateStrategy", candidateStrategy);
    checkReference("rankerModel", rankerModel);
    rerankParams = rerankParams == null ? Map.of() : immutableObject("rerankParams", rerankParams, 0);
    backends = backends == null ? Map.of() : checkBackends(backends);
  }

  /** True when the variant changes nothing (a typical control). */
  public boolean isDefault() {
    return candidateStrategy == null && rankerModel == null && rerankParams.isEmpty() && backends.isEmpty();
  }

  private static void checkReference(String field, String value) {
    if (value == null) return;
    if (value.isBlank()) throw new InvalidExperimentException(field, "must not be blank (leave it out or null for the default)");
    if (value.length() > MAX_REFERENCE_LENGTH) {
      throw new InvalidExperimentException(field, "longer than " + MAX_REFERENCE_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidExperimentException(field, "must not contain whitespace or control characters: '" + value + "'");
      }
    }
  }

  private static Map<String, String> checkBackends(Map<String, String> backends) {
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : backends.entrySet()) {
      String stage = e.getKey();
      String at = "backends." + stage;
      if (!STAGES.contains(stage)) {
        throw new InvalidExperimentException(at, "unknown stage (expected one of [candidates, ranking, rerank])");
      }
      String url = e.getValue();
      if (url == null || url.isBlank()) throw new InvalidExperimentException(at, "must be an http(s) base URL");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException ex) {
        throw new InvalidExperimentException(at, "not a URL: " + ex.getMessage());
      }
      String scheme = uri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new InvalidExperimentException(at, "must start with http:// or https://: " + url);
      }
      if (uri.getHost() == null) throw new InvalidExperimentException(at, "has no host: " + url);
      // A base URL gets the stage's path appended; a query or fragment would end up in the middle.
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new InvalidExperimentException(at, "must be a base URL without query or fragment: " + url);
      }
      copy.put(stage, url);
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, Object> immutableObject(String at, Map<?, ?> map, int depth) {
    if (depth > MAX_PARAM_DEPTH) throw new InvalidExperimentException(at, "nested deeper than " + MAX_PARAM_DEPTH + " levels");
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key) || key.isEmpty()) {
        throw new InvalidExperimentException(at, "keys must be non-empty strings: " + e.getKey());
      }
      copy.put(key, immutableValue(at + "." + key, e.getValue(), depth + 1));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object immutableValue(String at, Object value, int depth) {
    return switch (value) {
      case null -> throw new InvalidExperimentException(at, "null is not a value (leave the parameter out for the default)");
      case String s -> s;
      case Boolean b -> b;
      case Double d when !Double.isFinite(d) -> throw new InvalidExperimentException(at, "must be finite: " + d);
      case Float f when !Float.isFinite(f) -> throw new InvalidExperimentException(at, "must be finite: " + f);
      case Integer n -> n;
      case Long n -> n;
      case Short n -> n;
      case Byte n -> n;
      case Double n -> n;
      case Float n -> n;
      case BigInteger n -> n;
      case BigDecimal n -> n;
      case Map<?, ?> m -> immutableObject(at, m, depth);
      case List<?> l -> {
        if (depth > MAX_PARAM_DEPTH) throw new InvalidExperimentException(at, "nested deeper than " + MAX_PARAM_DEPTH + " levels");
        List<Object> copy = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) copy.add(immutableValue(at + "[" + i + "]", l.get(i), depth + 1));
        yield Collections.unmodifiableList(copy);
      }
      default -> throw new InvalidExperimentException(at, "not a JSON value: " + value.getClass().getSimpleName());
    };
  }
}
