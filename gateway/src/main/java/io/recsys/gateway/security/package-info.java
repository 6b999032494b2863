/**
 * Who may call the gateway's public API: {@link io.recsys.gateway.security.ApiKeyRegistry} (hashed keys
 * with roles and per-key rate limits, plus the environment's plaintext keys), {@link
 * io.recsys.gateway.security.GatewayKeyGuard} (the starter's {@code PublicApiGuard} on {@code /v1/**}:
 * 401 without a known key, 403 for an API key on {@code DELETE} and admin paths, 429 when the key's rate
 * limit is spent) and {@link io.recsys.gateway.security.KeyHashCommand} (prints a key's SHA-256 for the
 * configuration). Keys are never stored or logged in plaintext; see {@code gateway/SECURITY.md}.
 */
package io.recsys.gateway.security;
