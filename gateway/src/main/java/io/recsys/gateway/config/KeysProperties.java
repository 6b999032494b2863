package io.recsys.gateway.config;

import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.gateway.security.ApiKeyRegistry.KeyEntry;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's API keys and their rate limits ({@code recsys.gateway.keys[i].{name, sha256, role,
 * limit.permits-per-second, limit.burst}} and {@code recsys.gateway.default-limit.*}); keys are stored
 * as SHA-256 digests only ({@code ./recsys key-hash} prints one). {@code RECSYS_API_KEY} and
 * {@code RECSYS_ADMIN_KEY} are accepted as well, hashed at start-up. Immutable.
 *
 * @param keys the configured keys; empty = none besides the environment's
 * @param defaultLimit the limit of a key that names none (default 50/s, burst 100)
 */
@ConfigurationProperties("recsys.gateway")
public record KeysProperties(List<KeyEntry> keys, RateLimit defaultLimit) {
  public KeysProperties {
    keys = keys == null ? List.of() : List.copyOf(keys);
    defaultLimit = defaultLimit == null ? RateLimit.DEFAULT : defaultLimit;
  }
}
