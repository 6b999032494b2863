package io.recsys.core.dataset;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of user-item interaction the platform understands. The implicit ones form the engagement
 * ladder, {@link #level()}: impression 0 &lt; click 1 &lt; favourite 2 &lt; cart 3 &lt; purchase 4. A
 * rating is explicit feedback with a value and stands off the ladder.
 *
 * <p>The declaration order is not the ladder: stored history entries, stream entries and columnar
 * datasets keep a type as its {@link #ordinal()}, so a new type is only ever appended (FAVOURITE came
 * after RATING) and data written before it keeps its meaning.
 */
public enum InteractionType {
  IMPRESSION("impression", 0),
  CLICK("click", 1),
  CART("cart", 3),
  PURCHASE("purchase", 4),
  RATING("rating", -1),
  FAVOURITE("favourite", 2);

  private static final InteractionType[] VALUES = values();
  private static final List<InteractionType> LADDER_ORDER = List.of(IMPRESSION, CLICK, FAVOURITE, CART, PURCHASE, RATING);

  private final String wireName;
  private final int level;

  InteractionType(String wireName, int level) {
    this.wireName = wireName;
    this.level = level;
  }

  /**
   * The type's place on the engagement ladder (impression 0, click 1, favourite 2, cart 3, purchase 4),
   * or -1 for a rating, whose depth is its value.
   */
  public int level() {
    return level;
  }

  /** The name used in event files and on the HTTP API. */
  public String wireName() {
    return wireName;
  }

  /** Every type, the ladder from impression to purchase first, then rating: the order to list them in. */
  public static List<InteractionType> inLadderOrder() {
    return LADDER_ORDER;
  }

  /** The type with this ordinal; used by columnar storage that keeps types as bytes. */
  public static InteractionType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses a wire name, case-insensitively; {@code add-to-cart} and {@code add_to_cart} are accepted
   * for {@link #CART}, {@code favorite} for {@link #FAVOURITE}.
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
      case "favourite", "favorite" -> { return FAVOURITE; }
      default -> throw new IllegalArgumentException(
          "unknown interaction type '" + name + "' (expected impression, click, favourite, cart, purchase or rating)");
    }
  }
}
