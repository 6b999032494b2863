package io.recsys.featurestore.ingest.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys ({@code recsys.security.*}, from {@code RECSYS_API_KEY} and {@code RECSYS_ADMIN_KEY}).
 * Blank means not configured: without an API key the /v1 reads and posts are open (local use, with a
 * warning at start-up); without an admin key erasure is refused.
 */
@ConfigurationProperties("recsys.security")
public record SecurityProperties(String apiKey, String adminKey) {
  public SecurityProperties {
    apiKey = apiKey == null ? "" : apiKey;
    adminKey = adminKey == null ? "" : adminKey;
  }
}
