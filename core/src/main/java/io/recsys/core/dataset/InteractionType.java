package io.recsys.core.dataset;

import java.util.Locale;

/**
 * The kinds of user-item interaction the platform understands, ordered by depth of engagement
 * (impression &lt; click &lt; cart &lt; purchase). A rating is explicit feedback with a value.
 */
public enum InteractionType {
  IMPRESSION("impression"),
  CLICK("click"),
  CART("cart"),
  PURCHASE("purchase"),
  RATING("rating");

  private static final InteractionType[] VALUES = values();

  private final String wireName;

  InteractionType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in event files and on the HTTP API. */
  public String wireName() {
    return wireName;
  }

  /** The type with this ordinal; used by columnar storage that keeps types as bytes. */
  public static InteractionType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses a wire name, case-insensitively; {@code add-to-cart} and {@code add_to_cart} are accepted
   * for {@link #CART}.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
   */
  public static InteractionType parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "impression" -> { return IMPRESSION; }
      case "click" -> { return CLICK; }
      case "cart", "add-to-cart", "add_to_cart" -> { return CART; }
      case "purchase" -> { return PURCHASE; }
      case "rating" -> { return RATING; }
      default -> throw new IllegalArgumentException(
          "unknown interaction type '" + name + "' (expected impression, click, cart, purchase or rating)");
    }
  }
}
