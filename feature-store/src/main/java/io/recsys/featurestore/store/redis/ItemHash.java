package io.recsys.featurestore.store.redis;

import io.recsys.featurestore.dataset.Item;
import io.recsys.featurestore.store.CounterStateCodec;
import io.recsys.featurestore.store.FloatVectorCodec;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.StringsCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an item's features hash ({@code rs:v3:{i:<id>}:f}): one hash per item, so a batch read
 * is one {@code HGETALL} per item. Metadata fields are written together and replace each other whole;
 * the embedding and the counters have their own fields and writers. Stateless.
 */
final class ItemHash {
  private ItemHash() {}

  static Map<String, byte[]> metadataFields(Item item) {
    Map<String, byte[]> f = new HashMap<>(8);
    f.put(KeyLayout.TITLE, item.title().getBytes(StandardCharsets.UTF_8));
    f.put(KeyLayout.YEAR, Integer.toString(item.year()).getBytes(StandardCharsets.US_ASCII));
    f.put(KeyLayout.CATEGORIES, StringsCodec.encodeList(item.categories()));
    f.put(KeyLayout.ITEM_ATTRIBUTES, StringsCodec.encodeMap(item.attributes()));
    return f;
  }

  static ItemFeatures decode(String itemId, Map<String, byte[]> f, long nowMillis, double halfLifeMillis) {
    if (f == null || f.isEmpty()) return ItemFeatures.absent(itemId);
    byte[] title = f.get(KeyLayout.TITLE);
    byte[] year = f.get(KeyLayout.YEAR);
    byte[] cats = f.get(KeyLayout.CATEGORIES);
    byte[] attrs = f.get(KeyLayout.ITEM_ATTRIBUTES);
    byte[] emb = f.get(KeyLayout.EMBEDDING);
    byte[] ctr = f.get(KeyLayout.COUNTERS);
    return new ItemFeatures(itemId, true,
        title == null ? "" : new String(title, StandardCharsets.UTF_8),
        cats == null ? List.of() : StringsCodec.decodeList(cats),
        year == null ? 0 : Integer.parseInt(new String(year, StandardCharsets.US_ASCII)),
        attrs == null ? Map.of() : StringsCodec.decodeMap(attrs),
        emb == null ? new float[0] : FloatVectorCodec.decode(emb),
        counters(ctr, nowMillis, halfLifeMillis));
  }

  static ItemCounters counters(byte[] packed, long nowMillis, double halfLifeMillis) {
    return packed == null ? ItemCounters.NONE : CounterStateCodec.decode(packed).at(nowMillis, halfLifeMillis);
  }
}
