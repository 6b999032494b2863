package io.recsys.featurestore.store;

/** The kinds of entity the store keeps features for; the tag is the entity's part of its Redis keys. */
public enum EntityType {
  USER("u"),
  ITEM("i");

  private final String tag;

  EntityType(String tag) {
    this.tag = tag;
  }

  /** The short prefix inside the hash tag, {@code u} in {@code rs:v3:{u:42}:hist}. */
  public String tag() {
    return tag;
  }
}
