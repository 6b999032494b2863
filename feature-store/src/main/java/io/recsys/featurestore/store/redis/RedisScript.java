package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so the body crosses the network only when the
 * server lacks it: after a restart the script cache is empty, {@code EVALSHA} fails with
 * {@code NOSCRIPT} without running anything, and the caller re-runs exactly the failed calls with
 * {@link #eval}, which also caches the body again. Immutable and thread-safe.
 */
final class RedisScript {
  private final String body;
  private final String sha;
  private final ScriptOutputType output;

  RedisScript(String body, ScriptOutputType output) {
    this.body = body;
    this.output = output;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  <T> RedisFuture<T> evalsha(RedisClusterAsyncCommands<String, byte[]> commands, String[] keys, byte[]... args) {
    return commands.evalsha(sha, output, keys, args);
  }

  <T> RedisFuture<T> eval(RedisClusterAsyncCommands<String, byte[]> commands, String[] keys, byte[]... args) {
    return commands.eval(body, output, keys, args);
  }

  /** True when {@code e} (or its cause) says the server did not have the script, so nothing ran. */
  static boolean isNoScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisNoScriptException) return true;
      if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) return true;
    }
    return false;
  }

  static byte[] arg(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] arg(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
