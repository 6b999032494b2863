package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a deployment's event-type names ({@code pv}, {@code view}, {@code fav}, {@code addtocart}, ...)
 * onto the platform's {@link InteractionType}s — the engagement ladder impression 0 &lt; click 1 &lt;
 * favourite 2 &lt; cart 3 &lt; purchase 4, and rating — each name with a weight and a positive flag. The
 * ladder itself is fixed (history entries, stream entries and counters store the type), so a source
 * level with no counterpart is mapped onto the nearest level and its weight is the only trace of the
 * difference; a shop with fewer levels leaves some unused.
 *
 * <p>Layers, each adding names or replacing earlier ones: the default resource
 * {@code recsys-types.properties} (exactly the names {@link InteractionType#parse} accepts), then a
 * preset's or mapping file's {@code types.*} entries, then the file given on the command line
 * ({@code --types}) or, without one, in {@link #ENV_VARIABLE}. A registry file has one line per name:
 * {@code NAME = TYPE[, weight=W][, positive=true|false]}; weight defaults to 1 and positive to
 * "every type but impression".
 *
 * <p>What uses the entries: the type, everything. The weight becomes the event's {@code value} when
 * the row has no value of its own (today only ratings' values are read downstream, so weights are
 * recorded in the canonical files but change no model or metric yet). The positive flag is per
 * canonical type (aliases of one type must agree) and is only reported, as the
 * {@code --positive-types} the evaluation should be given; it is not stored with the events.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventTypeRegistry {
  /** Environment variable naming a registry file layered over the defaults when no --types is given. */
  public static final String ENV_VARIABLE = "RECSYS_TYPES_FILE";
  /** The weight of a name that does not give one: the value every event had before the registry. */
  public static final float DEFAULT_WEIGHT = 1f;
  /** The name {@code import --out} gives the registry it read with, beside the canonical files. */
  public static final String FILE_NAME = "recsys-types.properties";
  static final String DEFAULT_RESOURCE = "recsys-types.properties";

  /**
   * One accepted name.
   *
   * @param name as written in the registry
   * @param type the platform type it stands for
   * @param weight the event's value when the row has none
   * @param positive whether this type counts as positive feedback
   * @param source where it was defined ({@code file:line})
   */
  public record Alias(String name, InteractionType type, float weight, boolean positive, String source) {}

  private static final EventTypeRegistry DEFAULTS = new EventTypeRegistry(Map.of())
      .with(KeyValueFile.resource(DEFAULT_RESOURCE, DEFAULT_RESOURCE), "");

  /** By lower-case name, in definition order. */
  private final Map<String, Alias> byName;

  private EventTypeRegistry(Map<String, Alias> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** The shipped registry: the six wire names plus {@code favorite}, {@code add-to-cart}, {@code add_to_cart}, weight 1. */
  public static EventTypeRegistry defaults() {
    return DEFAULTS;
  }

  /**
   * The defaults with {@code file} layered on top, or when it is null the file named by
   * {@link #ENV_VARIABLE} in {@code environment}, or when that is unset the defaults alone.
   */
  public static EventTypeRegistry configured(Path file, Map<String, String> environment) throws IOException {
    return configured(DEFAULTS, file, environment);
  }

  /**
   * {@code base} (the defaults with a mapping's aliases, say) with {@code file} layered on top, or
   * when it is null the file named by {@link #ENV_VARIABLE}: the deployment's own names win over a
   * preset's.
   */
  public static EventTypeRegistry configured(EventTypeRegistry base, Path file, Map<String, String> environment)
      throws IOException {
    if (file != null) return base.with(KeyValueFile.read(file), "");
    String fromEnvironment = environment.get(ENV_VARIABLE);
    if (fromEnvironment == null || fromEnvironment.isBlank()) return base;
    try {
      return base.with(KeyValueFile.read(Path.of(fromEnvironment)), "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (from " + ENV_VARIABLE + ")", e);
    }
  }

  /** {@link #configured} from the process environment, as readers built without options use it. */
  public static EventTypeRegistry fromEnvironment() {
    try {
      return configured(null, System.getenv());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + ENV_VARIABLE + " file: " + e.getMessage(), e);
    }
  }

  /**
   * This registry with the entries of {@code file} whose key starts with {@code prefix} added (the
   * prefix removed from the name); a name defined again replaces the earlier definition.
   *
   * @throws IllegalArgumentException with {@code file:line} for an unknown type, a bad weight or flag,
   *     or aliases of one type that disagree on the positive flag
   */
  EventTypeRegistry with(KeyValueFile file, String prefix) {
    Map<String, Alias> merged = new LinkedHashMap<>(byName);
    for (KeyValueFile.Entry e : file.entries()) {
      if (!e.key().startsWith(prefix)) continue;
      String name = e.key().substring(prefix.length());
      if (name.isEmpty()) throw file.error(e, "empty type name");
      Alias alias = alias(file, e, name);
      merged.remove(key(name));
      merged.put(key(name), alias);
      for (Alias other : merged.values()) {
        if (other.type() == alias.type() && other.positive() != alias.positive()) {
          throw file.error(e, Fields.quote(name) + " makes " + alias.type().wireName() + (alias.positive() ? "" : " not")
              + " positive but " + Fields.quote(other.name()) + " (" + other.source() + ") does not agree: the flag is"
              + " per platform type, so all names of one type must agree");
        }
      }
    }
    return new EventTypeRegistry(merged);
  }

  private static Alias alias(KeyValueFile file, KeyValueFile.Entry e, String name) {
    String[] parts = e.value().split(",");
    InteractionType type = canonical(parts[0].strip());
    if (type == null) {
      throw file.error(e, "unknown platform type " + Fields.quote(parts[0].strip()) + " for " + Fields.quote(name)
          + " (expected " + canonicalNames() + ")");
    }
    float weight = DEFAULT_WEIGHT;
    boolean positive = type != InteractionType.IMPRESSION;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].strip();
      int eq = part.indexOf('=');
      String option = eq < 0 ? part : part.substring(0, eq).strip();
      String value = eq < 0 ? "" : part.substring(eq + 1).strip();
      switch (option) {
        case "weight" -> {
          try {
            weight = Float.parseFloat(value);
          } catch (NumberFormatException ex) {
            weight = Float.NaN;
          }
          if (!Float.isFinite(weight)) throw file.error(e, "weight is not a finite number: " + Fields.quote(value));
        }
        case "positive" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw file.error(e, "positive must be true or false, found " + Fields.quote(value));
          }
          positive = Boolean.parseBoolean(value);
        }
        default -> throw file.error(e, "unknown option " + Fields.quote(part) + " (expected weight=W or positive=true|false)");
      }
    }
    return new Alias(name, type, weight, positive, file.source() + ":" + e.line());
  }

  /** The type a registry entry may name: one of the five wire names exactly, not an alias of them. */
  private static InteractionType canonical(String name) {
    for (InteractionType t : InteractionType.values()) if (t.wireName().equals(name)) return t;
    return name.equals("favorite") ? InteractionType.FAVOURITE : null;
  }

  private static String canonicalNames() {
    return InteractionType.inLadderOrder().stream().map(InteractionType::wireName).collect(Collectors.joining(", "));
  }

  /** A name as the registry matches it: without surrounding white space, lower case. */
  public static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The entry for {@code name}, matched ignoring case and surrounding white space as
   * {@link InteractionType#parse} does; null when the name is unknown.
   */
  public Alias resolve(String name) {
    Alias exact = byName.get(name);
    return exact != null ? exact : byName.get(key(name));
  }

  /**
   * Writes every entry as a registry file ({@code NAME = TYPE, weight=W, positive=P}), which
   * {@link #configured} reads back to the same entries: the names an import accepted, for the live
   * API ({@link #ENV_VARIABLE}) to accept the same ones.
   */
  public void write(Path file, String origin) throws IOException {
    StringBuilder b = new StringBuilder("# Event-type registry ").append(origin)
        .append("\n# NAME = TYPE, weight=W, positive=true|false; give it to the services as ").append(ENV_VARIABLE).append('\n');
    for (Alias a : byName.values()) {
      b.append(a.name()).append(" = ").append(a.type().wireName()).append(", weight=").append(a.weight())
          .append(", positive=").append(a.positive()).append('\n');
    }
    Files.writeString(file, b);
  }

  /** Every entry, in definition order. */
  public List<Alias> aliases() {
    return List.copyOf(byName.values());
  }

  /** Every accepted name, comma-separated, in definition order. */
  public String acceptedNames() {
    return byName.values().stream().map(Alias::name).collect(Collectors.joining(", "));
  }

  /** The platform types some name maps to and that are positive. */
  public Set<InteractionType> positiveTypes() {
    Set<InteractionType> positive = EnumSet.noneOf(InteractionType.class);
    for (Alias a : byName.values()) if (a.positive()) positive.add(a.type());
    return positive;
  }

  /** The names mapped onto each platform type, for the import summary. */
  public Map<InteractionType, List<Alias>> byType() {
    Map<InteractionType, List<Alias>> map = new EnumMap<>(InteractionType.class);
    for (Alias a : byName.values()) map.computeIfAbsent(a.type(), t -> new ArrayList<>()).add(a);
    return map;
  }
}
