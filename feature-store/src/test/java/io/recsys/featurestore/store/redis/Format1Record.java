package io.recsys.featurestore.store.redis;

import io.recsys.core.dataset.Item;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/** Item records as the build before favourites and carts wrote them (format 1), for the upgrade tests. */
final class Format1Record {
  private Format1Record() {}

  /** A format-1 record with these counters (decayed values equal to the counts), title and embedding. */
  static byte[] of(long asOf, long impressions, long clicks, long purchases, String title, float[] embedding) {
    byte[] withMetadata = ItemRecord.withMetadata(new Item("x", title, List.of(), 0, Map.of()));
    int m = ByteBuffer.wrap(withMetadata, ItemRecord.METADATA_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteBuffer out = ByteBuffer.allocate(ItemRecord.FORMAT1_MIN_SIZE + m + 4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 1).put((byte) 1);
    out.putDouble(impressions).putDouble(clicks).putDouble(purchases).putDouble(asOf)
        .putDouble(impressions).putDouble(clicks).putDouble(purchases);
    out.put(withMetadata, ItemRecord.METADATA_OFFSET, 4 + m);
    out.putInt(4 * embedding.length);
    for (float v : embedding) out.putFloat(v);
    return out.array();
  }
}
