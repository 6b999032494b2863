package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so the body crosses the network only when the
 * server lacks it: after a restart the script cache is empty, {@code EVALSHA} fails with
 * {@code NOSCRIPT} without running anything, and the caller re-runs exactly the failed calls with
 * {@link #eval}, which also caches the body again. Immutable and thread-safe.
 */
public final class RedisScript {
  private final String body;
  private final String sha;
  private final ScriptOutputType output;

  public RedisScript(String body, ScriptOutputType output) {
    this.body = body;
    this.output = output;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  public <T> RedisFuture<T> evalsha(RedisClusterAsyncCommands<String, byte[]> commands, String[] keys, byte[]... args) {
    return commands.evalsha(sha, output, keys, args);
  }

  public <T> RedisFuture<T> eval(RedisClusterAsyncCommands<String, byte[]> commands, String[] keys, byte[]... args) {
    return commands.eval(body, output, keys, args);
  }

  /**
   * Runs the script once per key (one key each, with {@code args.get(i)}) in one pipelined round trip;
   * the calls that met an empty script cache are re-sent once with the body. Other failures are thrown
   * after every reply has arrived, the first one first.
   */
  void runAll(RedisConnection redis, List<String> keys, List<byte[][]> args) {
    if (keys.isEmpty()) return;
    List<RedisFuture<Object>> futures = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) futures.add(evalsha(redis.commands(), new String[] {keys.get(i)}, args.get(i)));
    redis.flush();
    List<Integer> retry = new ArrayList<>();
    RuntimeException failure = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        redis.await(futures.get(i));
      } catch (RuntimeException e) {
        if (isNoScript(e)) retry.add(i);
        else if (failure == null) failure = e;
      }
    }
    if (failure != null) throw failure;
    if (retry.isEmpty()) return;
    List<RedisFuture<Object>> again = new ArrayList<>(retry.size());
    for (int i : retry) again.add(eval(redis.commands(), new String[] {keys.get(i)}, args.get(i)));
    redis.flush();
    redis.awaitAll(again);
  }

  /** Runs the script once ({@code EVALSHA}, again with the body if the server's script cache was empty) and waits for it. */
  <T> T run(RedisConnection redis, String[] keys, byte[]... args) {
    RedisFuture<T> f = evalsha(redis.commands(), keys, args);
    redis.flush();
    try {
      return redis.await(f);
    } catch (RuntimeException e) {
      if (!isNoScript(e)) throw e;
      RedisFuture<T> again = eval(redis.commands(), keys, args);
      redis.flush();
      return redis.await(again);
    }
  }

  /** True when {@code e} (or its cause) says the server did not have the script, so nothing ran. */
  public static boolean isNoScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisNoScriptException) return true;
      if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) return true;
    }
    return false;
  }

  public static byte[] arg(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] arg(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** A reply element as text: bulk strings arrive as bytes (UTF-8), others as what they are; null stays null. */
  public static String text(Object element) {
    if (element instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    return element == null ? null : element.toString();
  }
}
