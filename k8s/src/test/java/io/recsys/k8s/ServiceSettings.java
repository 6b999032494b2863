package io.recsys.k8s;

import io.recsys.starter.ServiceDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service really reads, worked out from its sources: every
 * {@code @ConfigurationProperties("prefix") record X(...)} of the service's module and of the service
 * starter, nested records followed (a {@code List<Record>} as indexed entries), each property spelled
 * the two ways Spring's relaxed binding maps an environment variable onto it ({@code FEATURE_STORE_URL}
 * and {@code FEATURESTOREURL} for {@code feature-store-url}); plus the few variables read directly
 * ({@code ServiceDefaults}, {@code RECSYS_ARTIFACTS}, the {@code ${REDIS_URL}} placeholders of the
 * service's yml). Spring Boot's own namespaces (SERVER_, MANAGEMENT_, SPRING_, LOGGING_) are accepted
 * as they are.
 */
final class ServiceSettings {
  private static final Pattern PROPERTIES = Pattern.compile(
      "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*public\\s+record\\s+(\\w+)\\s*\\(");
  private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
  private static final List<String> BOOT_NAMESPACES = List.of("SERVER_", "MANAGEMENT_", "SPRING_", "LOGGING_");

  private final List<Pattern> accepted = new ArrayList<>();
  private final Set<String> direct = new LinkedHashSet<>();

  private ServiceSettings() {}

  /** What {@code service} (a module of the repository) reads. */
  static ServiceSettings of(String service) {
    ServiceSettings s = new ServiceSettings();
    Map<String, String> records = new HashMap<>();
    List<String> sources = new ArrayList<>();
    for (String module : List.of(service, "service-starter")) {
      for (String src : javaSources(Repo.root().resolve(module).resolve("src/main/java"))) {
        sources.add(src);
        Matcher m = RECORD.matcher(src);
        while (m.find()) records.putIfAbsent(m.group(1), header(src, m.end()));
      }
    }
    for (String src : sources) {
      Matcher m = PROPERTIES.matcher(src);
      while (m.find()) s.addRecord(List.of(m.group(1).split("\\.")), header(src, m.end()), records, 0);
    }
    s.direct.add(ServiceDefaults.ENV_BIND);
    s.direct.add(ServiceDefaults.ENV_MANAGEMENT_PORT);
    s.direct.add(ServiceDefaults.ENV_MANAGEMENT_BIND);
    s.direct.add("RECSYS_ARTIFACTS");
    // ${RECSYS_API_KEY:} and the like in the starter's defaults, ${REDIS_URL:} in the service's yml.
    for (Object v : ServiceDefaults.properties().values()) placeholders(String.valueOf(v), s.direct);
    placeholders(Repo.read(service + "/src/main/resources/" + service + ".yml"), s.direct);
    return s;
  }

  /** Whether setting {@code name} in the environment sets something this service reads. */
  boolean reads(String name) {
    if (direct.contains(name)) return true;
    if (BOOT_NAMESPACES.stream().anyMatch(name::startsWith)) return true;
    return accepted.stream().anyMatch(p -> p.matcher(name).matches());
  }

  private void addRecord(List<String> path, String header, Map<String, String> records, int depth) {
    if (depth > 4) return;
    for (String component : components(header)) {
      String[] typeAndName = component.trim().split("\\s+(?=\\w+$)");
      if (typeAndName.length != 2) continue;
      String type = typeAndName[0].replaceAll("@\\w+(\\([^)]*\\))?\\s*", "").trim();
      String name = typeAndName[1];
      List<String> p = new ArrayList<>(path);
      p.add(kebab(name));
      Matcher list = Pattern.compile("(?:List|Set|Collection)<(\\w+)>").matcher(type);
      if (list.matches()) {
        p.add("#");
        String element = list.group(1);
        if (records.containsKey(element)) addRecord(p, records.get(element), records, depth + 1);
        else accepted.add(envPattern(p));
      } else if (records.containsKey(type)) {
        addRecord(p, records.get(type), records, depth + 1);
      } else {
        accepted.add(envPattern(p));
      }
    }
  }

  /** {@code recsys.gateway.feature-store-url} → RECSYS_GATEWAY_FEATURE_STORE_URL or RECSYS_GATEWAY_FEATURESTOREURL; {@code #}: an index. */
  private static Pattern envPattern(List<String> path) {
    StringBuilder legacy = new StringBuilder();
    StringBuilder canonical = new StringBuilder();
    for (String segment : path) {
      if (!legacy.isEmpty()) {
        legacy.append('_');
        canonical.append('_');
      }
      if (segment.equals("#")) {
        legacy.append("\\d+");
        canonical.append("\\d+");
      } else {
        legacy.append(Pattern.quote(segment.replace('-', '_').toUpperCase(Locale.ROOT)));
        canonical.append(Pattern.quote(segment.replace("-", "").toUpperCase(Locale.ROOT)));
      }
    }
    return Pattern.compile("(?:" + legacy + ")|(?:" + canonical + ")");
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The text between a record's parentheses, from just after its {@code (}. */
  private static String header(String src, int from) {
    int depth = 1;
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '(') depth++;
      else if (c == ')' && --depth == 0) return src.substring(from, i);
    }
    return "";
  }

  /** The components of a record header, split on the commas outside generics. */
  private static List<String> components(String header) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '<') depth++;
      else if (c == '>') depth--;
      else if (c == ',' && depth == 0) {
        out.add(header.substring(start, i));
        start = i + 1;
      }
    }
    if (start < header.length()) out.add(header.substring(start));
    return out.stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static void placeholders(String text, Set<String> into) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) into.add(m.group(1));
  }

  private static List<String> javaSources(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().map(Repo::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
