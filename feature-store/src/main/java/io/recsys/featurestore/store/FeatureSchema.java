package io.recsys.featurestore.store;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The feature schema a build reads and writes: a version number (part of every key) and the named
 * feature groups it declares per entity type. A model trained against one schema must never read data
 * written under another, so the store compares this with the schema record it finds at start-up and
 * refuses to open on any difference ({@link FeatureSchemaMismatchException}).
 *
 * <p>Declaring the groups also makes a user's keys enumerable without scanning, which is what erasure
 * and TTL refresh rely on.
 *
 * @param version schema version, at least 1; bump it whenever the meaning or encoding of a feature changes
 * @param userGroups names of the generic feature groups kept per user
 * @param itemGroups names of the generic feature groups kept per item
 */
public record FeatureSchema(int version, Set<String> userGroups, Set<String> itemGroups) {
  /** The schema this build of the platform writes. */
  public static final int CURRENT_VERSION = 3;

  public FeatureSchema {
    if (version < 1) throw new IllegalArgumentException("schema version must be >= 1: " + version);
    userGroups = Set.copyOf(new TreeSet<>(Objects.requireNonNull(userGroups, "userGroups")));
    itemGroups = Set.copyOf(new TreeSet<>(Objects.requireNonNull(itemGroups, "itemGroups")));
    for (String g : userGroups) checkGroupName(g);
    for (String g : itemGroups) checkGroupName(g);
  }

  /** The current version with no generic feature groups. */
  public static FeatureSchema current() {
    return new FeatureSchema(CURRENT_VERSION, Set.of(), Set.of());
  }

  public Set<String> groups(EntityType type) {
    return type == EntityType.USER ? userGroups : itemGroups;
  }

  /** Throws when {@code group} is not declared for {@code type}: writes to undeclared groups would escape erasure. */
  public void requireGroup(EntityType type, String group) {
    if (!groups(type).contains(group)) {
      throw new IllegalArgumentException("feature group '" + group + "' is not declared for " + type
          + " in schema v" + version + " (declared: " + new TreeSet<>(groups(type)) + ")");
    }
  }

  /** Sorted, comma-separated user groups, as stored in the schema record. */
  public String userGroupList() {
    return String.join(",", new TreeSet<>(userGroups));
  }

  /** Sorted, comma-separated item groups, as stored in the schema record. */
  public String itemGroupList() {
    return String.join(",", new TreeSet<>(itemGroups));
  }

  /** Readable form for error messages: {@code v3 (user groups [a, b], item groups [])}. */
  public String describe() {
    return "v" + version + " (user groups [" + userGroupList() + "], item groups [" + itemGroupList() + "])";
  }

  private static void checkGroupName(String g) {
    if (g == null || g.isEmpty() || !g.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("feature group name must match [A-Za-z0-9_.-]+: '" + g + "'");
    }
  }
}
