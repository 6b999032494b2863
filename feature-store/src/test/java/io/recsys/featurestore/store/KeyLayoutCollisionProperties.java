package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Distinct ids never share a key, whatever characters they hold. Each case is one seed: ids are drawn
 * from an alphabet of the characters that mean something in a key ({@code { } : ; %}, the escape's
 * own digits, whitespace, a non-BMP character) plus letters, 1 to 300 characters long, and every key of
 * every (entity, id, suffix) of the case must be distinct and carry its entity's hash tag as Redis
 * reads it. Replay one case with its seed from the failure message.
 */
class KeyLayoutCollisionProperties {
  private static final String[] ALPHABET = {"a", "b", "X", "{", "}", ":", ";", "%", "7", "D", "2", "5", " ", "\t",
      "\n", "😀", "é", "ev", "adm", "}:", "}:ev:", "}:adm", "%7D", "%25"};
  private static final KeyLayout LAYOUT = new KeyLayout("rs", 3);
  private static final FeatureSchema SCHEMA = new FeatureSchema(3, java.util.Set.of("g"), java.util.Set.of("q"));

  static LongStream seeds() {
    long replay = Long.getLong("recsys.seed", Long.MIN_VALUE);
    if (replay != Long.MIN_VALUE) return LongStream.of(replay);
    SplittableRandom base = new SplittableRandom(0x5EED_1D5L);
    return LongStream.generate(base::nextLong).limit(1000);
  }

  static String id(SplittableRandom r) {
    int parts = r.nextInt(8) == 0 ? 1 + r.nextInt(120) : 1 + r.nextInt(6);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts; i++) b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    return b.toString();
  }

  /** The hash tag as Redis Cluster computes it: from the first '{' to the first '}' after it. */
  static String redisHashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return key.substring(open, close + 1);
  }

  record Place(EntityType type, String id, String suffix) {}

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void distinctIdsNeverShareAKeyAndEveryKeyKeepsItsEntitysHashTag(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) ids.add(id(r));
    Map<String, Place> owner = new HashMap<>();
    for (String id : ids) {
      for (EntityType type : EntityType.values()) {
        List<String> suffixKeys = new ArrayList<>(type == EntityType.USER ? LAYOUT.userKeys(id, SCHEMA) : LAYOUT.itemKeys(id, SCHEMA));
        if (type == EntityType.ITEM) for (String other : ids) suffixKeys.add(LAYOUT.itemEventMark(id, other)); // event ids drawn like ids
        for (String key : suffixKeys) {
          Place place = new Place(type, id, key);
          Place before = owner.putIfAbsent(key, place);
          assertThat(before == null || (before.type() == type && before.id().equals(id)))
              .as("seed=%d: key %s of %s %s is also a key of %s", seed, key, type, id, before).isTrue();
          assertThat(redisHashTag(key)).as("seed=%d: hash tag of %s (id %s)", seed, key, id)
              .isEqualTo(KeyLayout.hashTag(type, id));
        }
      }
    }
  }

  @Test
  void theHostilePairFromTheBugReportGetsTwoDifferentKeys() {
    // Item "colA}:ev:X"'s admission key used to be item "colA"'s marker of event "X}:adm".
    assertThat(LAYOUT.item("colA}:ev:X", KeyLayout.ADMISSION)).isNotEqualTo(LAYOUT.itemEventMark("colA", "X}:adm"));
    assertThat(KeyLayout.encodeId("a%}b")).isEqualTo("a%25%7Db");
    assertThat(KeyLayout.encodeId("plain-id")).isSameAs("plain-id").isEqualTo("plain-id");
  }
}
