package io.recsys.featurestore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where each feature lives in Redis: {@code <namespace>:v<version>:{<u|i>:<id>}:<suffix>}, e.g.
 * {@code rs:v3:{u:42}:hist}. The braces are a Redis Cluster hash tag: every key of one user (and of
 * one item) hashes to the same slot, so a user's keys can be written in one pipeline, deleted in one
 * {@code DEL}, and updated by one script. The version in every key keeps data of different schema
 * versions apart; {@code <namespace>:schema} (no version) records which version the store holds.
 * The README's "Key layout" section lists all keys. Immutable and thread-safe.
 *
 * <p>Ids are taken as any non-empty string, so inside a key they are encoded ({@link #encodeId}): a
 * {@code '}'} in an id would otherwise close the hash tag early, and item {@code "a}:ev:X"}'s
 * admission key would be item {@code "a"}'s de-duplication marker of event {@code "X}:adm"}. The
 * encoding is injective and its output holds no {@code '}'}, so the first {@code '}'} of every key
 * ends the id: distinct (entity, id, suffix) triples never share a key, and every key of one entity
 * keeps one hash tag. Ids without {@code '%'} or {@code '}'} (nearly all) are used as they are.
 */
public final class KeyLayout {
  public static final String HISTORY = "hist";
  public static final String MIXTURE = "mix";
  public static final String ATTRIBUTES = "attr";
  /** An item's packed feature record (metadata, embedding, counters in one string value; see the README). */
  public static final String ITEM_FEATURES = "f";
  public static final String ADMISSION = "adm";
  public static final String GROUP_PREFIX = "fg:";
  /** Per user: sorted set of ingested event ids applied to the history (score = when), for de-duplication. */
  public static final String SEEN_EVENTS = "seen";
  /** Per erased user: the stream position up to which accepted events are fenced off (see {@code FeatureStore.eraseUser}). */
  public static final String ERASED = "erased";
  /** Per item and event: de-duplication marker of an ingested event applied to the counters (expires). */
  public static final String EVENT_MARK_PREFIX = "ev:";

  private final String namespace;
  private final String prefix;

  public KeyLayout(String namespace, int version) {
    Objects.requireNonNull(namespace, "namespace");
    if (!namespace.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("namespace must match [A-Za-z0-9_.-]+: '" + namespace + "'");
    }
    if (version < 1) throw new IllegalArgumentException("schema version must be >= 1: " + version);
    this.namespace = namespace;
    this.prefix = namespace + ":v" + version + ":{";
  }

  /** The unversioned key of the schema record. */
  public String schemaKey() {
    return namespace + ":schema";
  }

  /** The hash of event-type names and the platform type each was counted as ({@code RedisTypeRecord}). */
  public String typesKey() {
    return namespace + ":types";
  }

  public String key(EntityType type, String id, String suffix) {
    requireId(type, id);
    return prefix + type.tag() + ':' + encodeId(id) + "}:" + suffix;
  }

  /**
   * The id as it appears inside a key's hash tag: {@code '%'} becomes {@code "%25"} and {@code '}'}
   * becomes {@code "%7D"} (percent-encoding of just those two characters), everything else is kept.
   * Injective, and the result holds no {@code '}'}.
   */
  public static String encodeId(String id) {
    int n = id.length();
    int i = 0;
    while (i < n) {
      char c = id.charAt(i);
      if (c == '%' || c == '}') break;
      i++;
    }
    if (i == n) return id;
    StringBuilder b = new StringBuilder(n + 8).append(id, 0, i);
    for (; i < n; i++) {
      char c = id.charAt(i);
      if (c == '%') b.append("%25");
      else if (c == '}') b.append("%7D");
      else b.append(c);
    }
    return b.toString();
  }

  public String user(String userId, String suffix) {
    return key(EntityType.USER, userId, suffix);
  }

  public String item(String itemId, String suffix) {
    return key(EntityType.ITEM, itemId, suffix);
  }

  public String group(EntityType type, String id, String group) {
    return key(type, id, GROUP_PREFIX + group);
  }

  /** The de-duplication marker of ingested event {@code eventId} on this item, {@code rs:v3:{i:7}:ev:<eventId>}. */
  public String itemEventMark(String itemId, String eventId) {
    return item(itemId, EVENT_MARK_PREFIX + eventId);
  }

  /**
   * The cluster count of the stored item → interest-cluster assignment, {@code rs:v3:{clusters}:count}.
   * Both cluster keys share the hash tag {@code {clusters}}, so one script updates them together and one
   * pipeline reads them from one slot.
   */
  public String clusterCountKey() {
    return prefix + "clusters}:count";
  }

  /** The item → cluster-index hash, {@code rs:v3:{clusters}:items} (field = item id, value = decimal index). */
  public String itemClustersKey() {
    return prefix + "clusters}:items";
  }

  /** The hash tag shared by all keys of one entity, {@code {u:42}}; a key contains it iff it belongs to the entity. */
  public static String hashTag(EntityType type, String id) {
    return "{" + type.tag() + ':' + encodeId(id) + "}";
  }

  /**
   * Every key the store may hold for this user under {@code schema}, in this order: history,
   * ingested-event ids, mixture, erasure fence, attributes, groups. The real-time writer's script takes
   * the first four by position.
   */
  public List<String> userKeys(String userId, FeatureSchema schema) {
    List<String> keys = new ArrayList<>(5 + schema.userGroups().size());
    keys.add(user(userId, HISTORY));
    keys.add(user(userId, SEEN_EVENTS));
    keys.add(user(userId, MIXTURE));
    keys.add(user(userId, ERASED));
    keys.add(user(userId, ATTRIBUTES));
    for (String g : schema.userGroups()) keys.add(group(EntityType.USER, userId, g));
    return keys;
  }

  /** Every key the store may hold for this item under {@code schema}: features, admission count, groups. */
  public List<String> itemKeys(String itemId, FeatureSchema schema) {
    List<String> keys = new ArrayList<>(2 + schema.itemGroups().size());
    keys.add(item(itemId, ITEM_FEATURES));
    keys.add(item(itemId, ADMISSION));
    for (String g : schema.itemGroups()) keys.add(group(EntityType.ITEM, itemId, g));
    return keys;
  }

  private static void requireId(EntityType type, String id) {
    Objects.requireNonNull(id, () -> type + " id");
    if (id.isEmpty()) throw new IllegalArgumentException(type + " id is empty");
  }
}
