package io.recsys.starter.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys and the paths they guard ({@code recsys.security.*}). The keys come from
 * {@code RECSYS_API_KEY}, {@code RECSYS_ADMIN_KEY} and {@code RECSYS_INTERNAL_KEY} (the starter's
 * default properties point at them); blank means not configured. Immutable.
 *
 * @param apiKey the public API key: reads and posts on the public paths. Without it the public paths
 *     are open (local use; a warning is logged at start-up)
 * @param adminKey the admin key: everything the API key may do, plus {@code DELETE} on the public
 *     paths. Without it {@code DELETE} is refused (403)
 * @param internalKey the service-to-service key: the only key the internal paths accept. Without it
 *     the internal paths are refused (403). Must differ from the other two
 * @param publicPaths path patterns (Spring MVC's, e.g. {@code /v1/**}) checked with the API/admin keys
 * @param internalPaths path patterns checked with the internal key; they win where both match
 */
@ConfigurationProperties("recsys.security")
public record SecurityProperties(String apiKey, String adminKey, String internalKey, List<String> publicPaths,
    List<String> internalPaths) {
  public static final List<String> DEFAULT_PUBLIC_PATHS = List.of("/v1/**");
  public static final List<String> DEFAULT_INTERNAL_PATHS = List.of("/internal/**");

  public SecurityProperties {
    apiKey = text(apiKey);
    adminKey = text(adminKey);
    internalKey = text(internalKey);
    publicPaths = publicPaths == null || publicPaths.isEmpty() ? DEFAULT_PUBLIC_PATHS : List.copyOf(publicPaths);
    internalPaths = internalPaths == null || internalPaths.isEmpty() ? DEFAULT_INTERNAL_PATHS : List.copyOf(internalPaths);
    if (!internalKey.isBlank() && (internalKey.equals(apiKey) || internalKey.equals(adminKey))) {
      throw new IllegalArgumentException("RECSYS_INTERNAL_KEY must differ from RECSYS_API_KEY and RECSYS_ADMIN_KEY: "
          + "a public key must never open the internal endpoints");
    }
  }

  /** Only these keys, the default paths. */
  public static SecurityProperties of(String apiKey, String adminKey, String internalKey) {
    return new SecurityProperties(apiKey, adminKey, internalKey, null, null);
  }

  private static String text(String v) {
    return v == null ? "" : v;
  }
}
