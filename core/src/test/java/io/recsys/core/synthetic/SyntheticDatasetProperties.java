package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.InteractionType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SyntheticDatasetProperties {

  @Property(tries = 60)
  void anyConfigGivesExactCountsEveryUserAndAnOrderedFunnel(
      @ForAll @IntRange(min = 1, max = 12) int topics,
      @ForAll @IntRange(min = 0, max = 300) int extraItems,
      @ForAll @IntRange(min = 1, max = 60) int users,
      @ForAll @IntRange(min = 0, max = 3000) int extraEvents,
      @ForAll @IntRange(min = 3, max = 8) int dim,
      @ForAll @IntRange(min = 1, max = 6) int maxInterests,
      @ForAll long seed) {
    SyntheticConfig config = new SyntheticConfig(topics + extraItems, users, users + extraEvents, topics, dim, seed,
        ModelParameters.DEFAULTS.withMaxInterests(maxInterests));
    Generated g = Generated.of(config);

    assertThat(g.size()).isEqualTo(config.events());
    assertThat(g.dataset().users().size()).as("every user has an event").isEqualTo(users);
    assertThat(g.dataset().items().size()).isEqualTo(config.items());
    assertThat(g.counts().impressions() + g.counts().clicks() + g.counts().carts() + g.counts().purchases())
        .isEqualTo(config.events());
    for (UserProfile p : g.profiles()) {
      assertThat(p.interests()).hasSizeBetween(1, Math.min(maxInterests, topics));
    }
    for (int row = 0; row < g.size(); row++) {
      InteractionType type = g.type(row);
      if (type == InteractionType.IMPRESSION) continue;
      // a click follows its impression, a cart its click, a purchase its cart, directly
      assertThat(row).isPositive();
      assertThat(g.user(row - 1)).isEqualTo(g.user(row));
      assertThat(g.item(row - 1)).isEqualTo(g.item(row));
      assertThat(g.type(row - 1).ordinal()).isEqualTo(type.ordinal() - 1);
      assertThat(g.dataset().timestampMillis(row)).isGreaterThan(g.dataset().timestampMillis(row - 1));
    }
  }

  @Property(tries = 30)
  void anItemDrawnByPopularityOrAsRingNeighbourStaysInItsTopic(
      @ForAll @IntRange(min = 1, max = 20) int topics,
      @ForAll @IntRange(min = 0, max = 500) int extraItems,
      @ForAll long seed,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long draw,
      @ForAll @IntRange(min = -50, max = 50) int offset) {
    Catalog catalog = Catalog.generate(SizePreset.TINY.config().withTopics(topics).withItems(topics + extraItems)
        .withSeed(seed));
    double u = (draw >>> 11) * 0x1.0p-53;
    int topic = catalog.topicByPopularity(u);
    int item = catalog.itemByPopularity(topic, u);
    assertThat(catalog.topic(item)).isEqualTo(topic);
    assertThat(catalog.popularity(item)).isPositive();
    int neighbour = catalog.ringNeighbour(item, offset);
    assertThat(catalog.topic(neighbour)).isEqualTo(topic);
    int size = catalog.topicSize(topic);
    assertThat(catalog.ringPosition(neighbour)).isEqualTo(Math.floorMod(catalog.ringPosition(item) + offset, size));
  }
}
