package io.recsys.featurestore.store.redis;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.CounterStateCodec;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Everything the read path needs about one item — metadata, embedding, counters — as one packed,
 * versioned binary value under the string key {@code rs:v3:{i:<id>}:f}. All integers and floats are
 * little-endian; offsets in bytes:
 *
 * <pre>
 * 0        uint8    format = 2 ({@link #FORMAT}); format 1 (below) is still read, and the scripts rewrite
 *                   a format-1 record as format 2 when they change its counters or a section
 * 1        uint8    flags: 0 = no counter event yet; 1 = counters present; 3 = counters present in a
 *                   provisional record that ingestion created for an item not admitted yet (it
 *                   expires with the admission window unless the item is admitted or catalogue data
 *                   is written); other values reserved
 * 2        88 bytes counters: 11 x float64, the {@code CounterStateCodec} layout (zeros when absent):
 *                   one decayed value and one count per level of the ladder
 * 90       int32    M, metadata length (0 = no metadata written)
 * 94       M bytes  metadata: int32 year; int32 length + UTF-8 title; int32 category count, then per
 *                   category int32 length + UTF-8; int32 attribute count, then per attribute
 *                   int32 length + UTF-8 name, int32 length + UTF-8 value
 * 94+M     int32    E, embedding length in bytes (a multiple of 4; 0 = no embedding written)
 * 98+M     E bytes  embedding: float32 components
 * </pre>
 *
 * <p>Format 1 (written before favourites and carts were counted) differs only in the counter section:
 * 56 bytes, seven float64 (impressions, clicks, purchases, as-of, three counts), so its metadata length
 * sits at 58. Records of both formats live side by side after an upgrade; nothing has to be rewritten
 * up front, and a reader of either gets the same {@link ItemCounters} (no favourites or carts from a
 * format-1 record).
 *
 * <p>Why one value: a batch read is then one {@code MGET} of n keys. Measured on this project's 2-core
 * VM with redis-server 6.2.6, {@code MGET} costs the server about 0.6 µs per key, so the earlier
 * designs — one {@code HGETALL} per item, or three string keys per item — spent most of a 500-item
 * read in per-key and per-command work. The price is on the write side: metadata, embedding and
 * counters have different writers, so each write replaces its section of the value inside a Lua
 * script ({@link RedisItemSectionScript}, {@link RedisCounterScript}), atomically with respect to the other writers. The counters sit
 * first, at a fixed offset, so the counter script rewrites them without parsing the rest.
 *
 * <p>Stateless and thread-safe.
 */
final class ItemRecord {
  static final int FORMAT = 2;
  static final int FLAGS_OFFSET = 1;
  static final int COUNTERS_OFFSET = 2;
  static final int METADATA_OFFSET = COUNTERS_OFFSET + CounterStateCodec.SIZE; // 90
  /** The smallest valid record: header, counters, two zero section lengths. */
  static final int MIN_SIZE = METADATA_OFFSET + 2 * Integer.BYTES;
  /** Where a format-1 record's metadata length sits (its counter section is 56 bytes). */
  static final int FORMAT1_METADATA_OFFSET = COUNTERS_OFFSET + CounterStateCodec.FORMAT1_SIZE; // 58
  static final int FORMAT1_MIN_SIZE = FORMAT1_METADATA_OFFSET + 2 * Integer.BYTES;

  /**
   * Lua shared by the scripts that touch the counter section, so the two formats are told apart in one
   * place. {@code recordCheck(key, rec)} raises unless {@code rec} is a record of format 1 or 2 long
   * enough for its header; {@code metaAt(rec)} is the 1-based position of its metadata length;
   * {@code countersOf(rec)} returns its eleven counter values in format 2's order (a format-1 record's
   * favourites and carts are 0); {@code packCounters(v)} packs them as format 2 does.
   */
  static final String LUA_FORMATS = """
      local function metaAt(rec) if string.byte(rec, 1) == 2 then return 91 end return 59 end
      local function recordCheck(key, rec)
        local f = string.byte(rec, 1)
        if not ((f == 2 and string.len(rec) >= 98) or (f == 1 and string.len(rec) >= 66)) then
          error('ERR ' .. key .. ' is not an item record of format 1 or 2', 0)
        end
      end
      local function countersOf(rec)
        if string.byte(rec, 1) == 2 then
          local v = {struct.unpack('<ddddddddddd', rec, 3)}
          v[12] = nil
          return v
        end
        local imp, clk, pur, asof, ni, nc, np = struct.unpack('<ddddddd', rec, 3)
        return {imp, clk, 0, 0, pur, asof, ni, nc, 0, 0, np}
      end
      local function packCounters(v) return struct.pack('<ddddddddddd', unpack(v, 1, 11)) end
      """;

  private static final float[] NO_EMBEDDING = new float[0];

  private ItemRecord() {}

  /** A record holding only this metadata; the script keeps the stored counters and embedding. */
  static byte[] withMetadata(Item item) {
    byte[] title = item.title().getBytes(StandardCharsets.UTF_8);
    List<String> categories = item.categories();
    byte[][] cats = new byte[categories.size()][];
    int m = 4 * Integer.BYTES + title.length;
    for (int i = 0; i < cats.length; i++) {
      cats[i] = categories.get(i).getBytes(StandardCharsets.UTF_8);
      m += Integer.BYTES + cats[i].length;
    }
    byte[][] attrs = new byte[2 * item.attributes().size()][];
    int a = 0;
    for (Map.Entry<String, String> e : item.attributes().entrySet()) {
      attrs[a++] = e.getKey().getBytes(StandardCharsets.UTF_8);
      attrs[a++] = e.getValue().getBytes(StandardCharsets.UTF_8);
    }
    for (byte[] s : attrs) m += Integer.BYTES + s.length;
    ByteBuffer out = header(MIN_SIZE + m);
    out.putInt(m).putInt(item.year()).putInt(title.length).put(title);
    out.putInt(cats.length);
    for (byte[] c : cats) out.putInt(c.length).put(c);
    out.putInt(attrs.length / 2);
    for (byte[] s : attrs) out.putInt(s.length).put(s);
    out.putInt(0);
    return out.array();
  }

  /** A record holding only this embedding; the script keeps the stored counters and metadata. */
  static byte[] withEmbedding(float[] embedding) {
    int e = embedding.length * Float.BYTES;
    ByteBuffer out = header(MIN_SIZE + e);
    out.putInt(0).putInt(e);
    out.asFloatBuffer().put(embedding);
    return out.array();
  }

  private static ByteBuffer header(int size) {
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) FORMAT).put((byte) 0);
    out.position(METADATA_OFFSET);
    return out;
  }

  /**
   * What a read returns for one item; {@code record == null} (nothing written) gives
   * {@link ItemFeatures#absent}. Counters are decayed to {@code nowMillis}.
   *
   * @throws IllegalArgumentException when the record is truncated, has trailing bytes or an unknown format
   */
  static ItemFeatures decode(String itemId, byte[] record, long nowMillis, double halfLifeMillis) {
    if (record == null) return ItemFeatures.absent(itemId);
    ByteBuffer in = open(itemId, record);
    ItemCounters counters = counters(in, nowMillis, halfLifeMillis);
    in.position(record[0] == FORMAT ? METADATA_OFFSET : FORMAT1_METADATA_OFFSET);
    int m = length(in, itemId, "metadata");
    int metadataEnd = in.position() + m;
    String title = "";
    int year = 0;
    List<String> categories = List.of();
    Map<String, String> attributes = Map.of();
    // The immutable collections built here are kept as they are by ItemFeatures' List.copyOf/Map.copyOf.
    if (m > 0) {
      if (m < 4 * Integer.BYTES) throw corrupt(itemId, "metadata of " + m + " bytes");
      year = in.getInt();
      title = string(in, itemId);
      int nc = count(in, itemId);
      if (nc > 0) {
        String[] cats = new String[nc];
        for (int i = 0; i < nc; i++) cats[i] = string(in, itemId);
        categories = List.of(cats);
      }
      int na = count(in, itemId);
      if (na == 1) {
        attributes = Map.of(string(in, itemId), string(in, itemId));
      } else if (na > 1) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] entries = new Map.Entry[na];
        for (int i = 0; i < na; i++) entries[i] = Map.entry(string(in, itemId), string(in, itemId));
        attributes = Map.ofEntries(entries);
      }
      if (in.position() != metadataEnd) throw corrupt(itemId, "metadata length " + m + " does not match its content");
    }
    int e = length(in, itemId, "embedding");
    if (e % Float.BYTES != 0) throw corrupt(itemId, "embedding of " + e + " bytes, not a multiple of 4");
    if (in.remaining() != e) throw corrupt(itemId, (in.remaining() - e) + " trailing bytes");
    float[] embedding = NO_EMBEDDING;
    if (e > 0) {
      embedding = new float[e / Float.BYTES];
      // Straight from the reply's bytes into the float[]: a bulk little-endian copy, no per-component work.
      in.asFloatBuffer().get(embedding);
    }
    return new ItemFeatures(itemId, true, title, categories, year, attributes, embedding, counters);
  }

  /** The counters of a stored record decayed to {@code nowMillis}; {@code null} gives {@link ItemCounters#NONE}. */
  static ItemCounters counters(String itemId, byte[] record, long nowMillis, double halfLifeMillis) {
    return record == null ? ItemCounters.NONE : counters(open(itemId, record), nowMillis, halfLifeMillis);
  }

  private static ByteBuffer open(String itemId, byte[] record) {
    if (record.length < FORMAT1_MIN_SIZE) throw corrupt(itemId, "only " + record.length + " bytes");
    int format = record[0] & 0xff;
    if (format != FORMAT && format != 1) {
      throw new IllegalArgumentException("item '" + itemId + "': record format " + format
          + " is not supported (this build reads formats 1 and " + FORMAT + ")");
    }
    if (format == FORMAT && record.length < MIN_SIZE) throw corrupt(itemId, "only " + record.length + " bytes");
    return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ItemCounters counters(ByteBuffer in, long nowMillis, double halfLifeMillis) {
    int flags = in.get(FLAGS_OFFSET);
    if (flags == 0) return ItemCounters.NONE;
    // Absolute reads in CounterStateCodec's order; the decay arithmetic stays in CounterState.at.
    return (in.get(0) == FORMAT ? CounterStateCodec.read(in, COUNTERS_OFFSET)
        : CounterStateCodec.decodeFormat1(in, COUNTERS_OFFSET)).at(nowMillis, halfLifeMillis);
  }

  private static int length(ByteBuffer in, String itemId, String section) {
    if (in.remaining() < Integer.BYTES) throw corrupt(itemId, "truncated before the " + section + " length");
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) throw corrupt(itemId, section + " length " + n + " with " + in.remaining() + " bytes left");
    return n;
  }

  private static int count(ByteBuffer in, String itemId) {
    if (in.remaining() < Integer.BYTES) throw corrupt(itemId, "truncated before a count");
    int n = in.getInt();
    // Every element takes at least its 4-byte length, so a larger count is corrupt (and would allocate absurdly).
    if (n < 0 || n > in.remaining() / Integer.BYTES) throw corrupt(itemId, "count " + n + " with " + in.remaining() + " bytes left");
    return n;
  }

  private static String string(ByteBuffer in, String itemId) {
    if (in.remaining() < Integer.BYTES) throw corrupt(itemId, "truncated before a string length");
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) throw corrupt(itemId, "string length " + len + " with " + in.remaining() + " bytes left");
    String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return s;
  }

  private static IllegalArgumentException corrupt(String itemId, String what) {
    return new IllegalArgumentException("item '" + itemId + "': corrupt feature record: " + what);
  }
}
