package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.InteractionType;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import org.junit.jupiter.params.ParameterizedTest;

/** Invariants of the synthetic generator over generated configurations; each invocation is one seeded case. */
class SyntheticDatasetProperties {

  record ConfigCase(int topics, int extraItems, int users, int extraEvents, int dim, int maxInterests, long seed) {
    static ConfigCase generate(Gen gen) {
      return new ConfigCase(gen.intBetween(1, 12), gen.intBetween(0, 300), gen.intBetween(1, 60), gen.intBetween(0, 3000),
          gen.intBetween(3, 8), gen.intBetween(1, 6), gen.anyLong());
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 60)
  void anyConfigGivesExactCountsEveryUserAndAnOrderedFunnel(long seed) {
    ConfigCase c = ConfigCase.generate(new Gen(seed));
    SyntheticConfig config = new SyntheticConfig(c.topics() + c.extraItems(), c.users(), c.users() + c.extraEvents(), c.topics(),
        c.dim(), c.seed(), ModelParameters.DEFAULTS.withMaxInterests(c.maxInterests()));

    Seeds.check(seed, c, () -> {
      Generated g = Generated.of(config);

      assertThat(g.size()).isEqualTo(config.events());
      assertThat(g.dataset().users().size()).as("every user has an event").isEqualTo(c.users());
      assertThat(g.dataset().items().size()).isEqualTo(config.items());
      assertThat(g.counts().impressions() + g.counts().clicks() + g.counts().carts() + g.counts().purchases())
          .isEqualTo(config.events());
      for (UserProfile p : g.profiles()) {
        assertThat(p.interests()).hasSizeBetween(1, Math.min(c.maxInterests(), c.topics()));
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
    });
  }

  record DrawCase(int topics, int extraItems, long seed, long draw, int offset) {
    static DrawCase generate(Gen gen) {
      return new DrawCase(gen.intBetween(1, 20), gen.intBetween(0, 500), gen.anyLong(), gen.longBetween(0, Long.MAX_VALUE),
          gen.intBetween(-50, 50));
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 30)
  void anItemDrawnByPopularityOrAsRingNeighbourStaysInItsTopic(long seed) {
    DrawCase c = DrawCase.generate(new Gen(seed));

    Seeds.check(seed, c, () -> {
      Catalog catalog = Catalog.generate(SizePreset.TINY.config().withTopics(c.topics()).withItems(c.topics() + c.extraItems())
          .withSeed(c.seed()));
      double u = (c.draw() >>> 11) * 0x1.0p-53;
      int topic = catalog.topicByPopularity(u);
      int item = catalog.itemByPopularity(topic, u);
      assertThat(catalog.topic(item)).isEqualTo(topic);
      assertThat(catalog.popularity(item)).isPositive();
      int neighbour = catalog.ringNeighbour(item, c.offset());
      assertThat(catalog.topic(neighbour)).isEqualTo(topic);
      int size = catalog.topicSize(topic);
      assertThat(catalog.ringPosition(neighbour)).isEqualTo(Math.floorMod(catalog.ringPosition(item) + c.offset(), size));
    });
  }
}
