package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.featurestore.store.FeatureSchemaMismatchException;
import io.recsys.featurestore.store.KeyLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The schema record {@code <namespace>:schema}, a hash with {@code version}, {@code userGroups} and
 * {@code itemGroups}. The first store to open a namespace writes it; every later one compares. Create
 * and read are one Lua call, so two services starting together cannot both "create" different schemas.
 */
final class RedisSchemaRecord {
  private static final RedisScript CREATE_OR_READ = new RedisScript("""
      if redis.call('EXISTS', KEYS[1]) == 0 then
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'userGroups', ARGV[2], 'itemGroups', ARGV[3])
      end
      return redis.call('HMGET', KEYS[1], 'version', 'userGroups', 'itemGroups')
      """, ScriptOutputType.MULTI);

  private RedisSchemaRecord() {}

  /**
   * Writes the schema when the namespace has none, else verifies it.
   *
   * @throws FeatureSchemaMismatchException when Redis holds a different schema
   * @throws IllegalStateException when the record exists but is unreadable
   */
  static void verifyOrCreate(RedisConnection redis, KeyLayout layout, FeatureSchema expected) {
    String key = layout.schemaKey();
    String[] keys = {key};
    byte[][] args = {RedisScript.arg(expected.version()), RedisScript.arg(expected.userGroupList()),
        RedisScript.arg(expected.itemGroupList())};
    List<Object> fields = redis.await(runScript(redis, keys, args));
    FeatureSchema found = parse(key, fields);
    if (!found.equals(expected)) throw new FeatureSchemaMismatchException(redis + " key " + key, expected, found);
  }

  private static io.lettuce.core.RedisFuture<List<Object>> runScript(RedisConnection redis, String[] keys, byte[][] args) {
    var f = CREATE_OR_READ.<List<Object>>evalsha(redis.commands(), keys, args);
    redis.flush();
    try {
      redis.await(f);
      return f;
    } catch (RuntimeException e) {
      if (!RedisScript.isNoScript(e)) throw e;
      var g = CREATE_OR_READ.<List<Object>>eval(redis.commands(), keys, args);
      redis.flush();
      return g;
    }
  }

  private static FeatureSchema parse(String key, List<Object> fields) {
    if (fields == null || fields.size() != 3 || fields.get(0) == null) {
      throw new IllegalStateException("schema record " + key + " is unreadable (no version field); fix or delete it");
    }
    String version = RedisScript.text(fields.get(0));
    try {
      return new FeatureSchema(Integer.parseInt(version), groups(fields.get(1)), groups(fields.get(2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("schema record " + key + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static Set<String> groups(Object field) {
    String s = field == null ? "" : RedisScript.text(field);
    return s.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(s.split(",")));
  }
}
