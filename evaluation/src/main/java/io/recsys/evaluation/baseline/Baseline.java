package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.Locale;

/** The reference baselines, by the name the CLI takes. */
public enum Baseline {
  POP("pop"),
  ITEMKNN("itemknn"),
  TRANSITION("transition");

  private final String cliName;

  Baseline(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public Recommender create(UserSequences train, ItemOrder order) {
    return switch (this) {
      case POP -> new PopularityRecommender(train, order);
      case ITEMKNN -> new ItemKnnRecommender(train, order);
      case TRANSITION -> new TransitionRecommender(train, order);
    };
  }

  public static Baseline parse(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Baseline b : values()) if (b.cliName.equals(n)) return b;
    throw new IllegalArgumentException("unknown baseline '" + name + "' (expected pop, itemknn or transition)");
  }
}
