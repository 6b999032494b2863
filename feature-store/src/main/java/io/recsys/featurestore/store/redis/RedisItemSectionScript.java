package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the metadata or the embedding section of items' {@link ItemRecord}s inside Redis, keeping
 * the other sections. A read-modify-write of the packed value, so it must run atomically next to the
 * counter script and the other section's writer; a script does. The client sends a complete record
 * holding only the new section ({@link ItemRecord#withMetadata}, {@link ItemRecord#withEmbedding}): when
 * the item has no record yet the script stores it as it is, otherwise it splices the section in by the
 * two section lengths. Lua strings are 1-based: the metadata length sits at bytes 91–94 (59–62 in a
 * format-1 record, which the script rewrites as format 2).
 */
final class RedisItemSectionScript {
  private static final RedisScript SCRIPT = new RedisScript(ItemRecord.LUA_FORMATS + """
      local new = ARGV[1]
      local old = redis.call('GET', KEYS[1])
      if not old then
        redis.call('SET', KEYS[1], new)
        return 0
      end
      recordCheck(KEYS[1], old)
      local oa = metaAt(old)
      local om = struct.unpack('<I4', old, oa)
      local nm = struct.unpack('<I4', new, 91)
      -- a format-1 record's counters are rewritten in format 2's layout (zeros where it had none)
      local counters = string.byte(old, 1) == 2 and string.sub(old, 3, 90)
          or (string.byte(old, 2) ~= 0 and packCounters(countersOf(old)) or string.rep('\\0', 88))
      -- catalogue data makes a provisional record (flags 3, see RedisRealtimeFeatureWriter) permanent:
      -- SET drops its expiry, and the flag goes back to 1
      local head = string.char(2) .. (string.byte(old, 2) == 3 and '\1' or string.sub(old, 2, 2)) .. counters
      if ARGV[2] == 'metadata' then
        redis.call('SET', KEYS[1], head .. string.sub(new, 91, 94 + nm) .. string.sub(old, oa + 4 + om))
      else
        redis.call('SET', KEYS[1], head .. string.sub(old, oa, oa + 3 + om) .. string.sub(new, 95 + nm))
      end
      return 1
      """, ScriptOutputType.INTEGER);

  /** Which section of the record a write replaces. */
  enum Section {
    METADATA("metadata"), EMBEDDING("embedding");

    private final byte[] arg;

    Section(String name) {
      this.arg = name.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private RedisItemSectionScript() {}

  /** Writes every record's {@code section} in one round trip ({@code records} holds key → record pairs in order). */
  static void apply(RedisConnection redis, List<String> keys, List<byte[]> records, Section section) {
    if (keys.size() != records.size()) {
      throw new IllegalArgumentException(keys.size() + " keys but " + records.size() + " records");
    }
    List<byte[][]> args = new ArrayList<>(records.size());
    for (byte[] r : records) args.add(new byte[][] {r, section.arg});
    SCRIPT.runAll(redis, keys, args);
  }
}
