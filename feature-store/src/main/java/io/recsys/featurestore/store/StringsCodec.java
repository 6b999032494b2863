package io.recsys.featurestore.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short string lists and string maps (item categories, item attributes) as one binary hash field:
 * a little-endian int32 count, then each string as an int32 byte length and its UTF-8 bytes (maps
 * alternate key, value). Length prefixes rather than separators, so any string round-trips. One field
 * per record means a rewrite replaces it whole and leaves no stale entries behind. Stateless and
 * thread-safe.
 */
public final class StringsCodec {
  private StringsCodec() {}

  public static byte[] encodeList(List<String> strings) {
    List<byte[]> parts = new ArrayList<>(strings.size());
    for (String s : strings) parts.add(s.getBytes(StandardCharsets.UTF_8));
    return pack(strings.size(), parts);
  }

  public static List<String> decodeList(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = count(in);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(string(in));
    end(in);
    return out;
  }

  public static byte[] encodeMap(Map<String, String> map) {
    List<byte[]> parts = new ArrayList<>(map.size() * 2);
    for (Map.Entry<String, String> e : map.entrySet()) {
      parts.add(e.getKey().getBytes(StandardCharsets.UTF_8));
      parts.add(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return pack(map.size(), parts);
  }

  public static Map<String, String> decodeMap(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = count(in);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) out.put(string(in), string(in));
    end(in);
    return out;
  }

  private static byte[] pack(int count, List<byte[]> parts) {
    int size = Integer.BYTES;
    for (byte[] p : parts) size += Integer.BYTES + p.length;
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(count);
    for (byte[] p : parts) out.putInt(p.length).put(p);
    return out.array();
  }

  private static int count(ByteBuffer in) {
    if (in.remaining() < Integer.BYTES) throw new IllegalArgumentException("truncated string record: no count");
    int n = in.getInt();
    if (n < 0) throw new IllegalArgumentException("corrupt string record: negative count " + n);
    return n;
  }

  private static String string(ByteBuffer in) {
    if (in.remaining() < Integer.BYTES) throw new IllegalArgumentException("truncated string record");
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("corrupt string record: length " + len + " with " + in.remaining() + " bytes left");
    }
    String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return s;
  }

  private static void end(ByteBuffer in) {
    if (in.hasRemaining()) throw new IllegalArgumentException("corrupt string record: " + in.remaining() + " trailing bytes");
  }
}
