/**
 * Token-bucket rate limits per API key: {@link io.recsys.gateway.ratelimit.RedisTokenBucket} (one Lua
 * script, shared by all replicas), {@link io.recsys.gateway.ratelimit.LocalTokenBucket} (the same
 * arithmetic in memory) and {@link io.recsys.gateway.ratelimit.FailoverRateLimiter}, which keeps
 * enforcing the limit per replica while Redis is unreachable rather than failing open or closed. Time
 * comes from an injected {@link java.time.Clock} throughout.
 */
package io.recsys.gateway.ratelimit;
