package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private static final SyntheticConfig CONFIG = SizePreset.TINY.config().withItems(1000).withTopics(7).withSeed(3);
  private final Catalog catalog = Catalog.generate(CONFIG);

  @Test
  void everyItemHasExactlyOneRingSlotInItsTopic() {
    int total = 0;
    Set<Integer> seen = new HashSet<>();
    for (int t = 0; t < catalog.topics(); t++) {
      assertThat(catalog.topicSize(t)).isPositive();
      total += catalog.topicSize(t);
      for (int pos = 0; pos < catalog.topicSize(t); pos++) {
        int item = catalog.itemAt(t, pos);
        assertThat(seen.add(item)).as("item %d appears once", item).isTrue();
        assertThat(catalog.topic(item)).isEqualTo(t);
        assertThat(catalog.ringPosition(item)).isEqualTo(pos);
      }
    }
    assertThat(total).isEqualTo(CONFIG.items());
  }

  @Test
  void topicSizesFollowTopicWeights() {
    double weightSum = 0;
    for (int t = 0; t < catalog.topics(); t++) {
      weightSum += catalog.topicWeight(t);
      assertThat((double) catalog.topicSize(t)).isCloseTo(CONFIG.items() * catalog.topicWeight(t), offset(1.0));
    }
    assertThat(weightSum).isCloseTo(1.0, offset(1e-12));
  }

  @Test
  void withinTopicPopularityIsZipfOverRanksAndSumsToOne() {
    double s = CONFIG.model().zipfExponent();
    for (int t = 0; t < catalog.topics(); t++) {
      int size = catalog.topicSize(t);
      double sum = 0;
      double harmonic = 0;
      for (int r = 1; r <= size; r++) harmonic += 1 / Math.pow(r, s);
      boolean[] rankTaken = new boolean[size];
      for (int pos = 0; pos < size; pos++) {
        int item = catalog.itemAt(t, pos);
        int rank = catalog.popularityRank(item);
        assertThat(rankTaken[rank]).as("rank %d is unique in topic %d", rank, t).isFalse();
        rankTaken[rank] = true;
        assertThat((double) catalog.popularity(item)).isCloseTo(1 / Math.pow(rank + 1, s) / harmonic, offset(1e-6));
        sum += catalog.popularity(item);
      }
      assertThat(sum).isCloseTo(1.0, offset(1e-5));
    }
  }

  @Test
  void samplingByPopularityMatchesThePopularityWeights() {
    SplittableRandom rng = new SplittableRandom(5);
    int topic = 0;
    int[] draws = new int[catalog.items()];
    int n = 200_000;
    for (int i = 0; i < n; i++) draws[catalog.itemByPopularity(topic, rng.nextDouble())]++;
    for (int pos = 0; pos < catalog.topicSize(topic); pos++) {
      int item = catalog.itemAt(topic, pos);
      double p = catalog.popularity(item);
      assertThat((double) draws[item] / n).as("item %d", item).isCloseTo(p, offset(5 * Math.sqrt(p / n) + 1e-9));
    }
    assertThat(catalog.itemByPopularity(topic, Math.nextDown(1.0))).isEqualTo(catalog.itemAt(topic,
        lastPositiveSlot(topic)));
  }

  private int lastPositiveSlot(int topic) {
    int pos = catalog.topicSize(topic) - 1;
    while (catalog.popularity(catalog.itemAt(topic, pos)) == 0) pos--;
    return pos;
  }

  @Test
  void ringNeighbourWalksAlongTheRingAndWrapsAround() {
    int t = 2;
    int size = catalog.topicSize(t);
    int first = catalog.itemAt(t, 0);
    assertThat(catalog.ringNeighbour(first, 1)).isEqualTo(catalog.itemAt(t, 1));
    assertThat(catalog.ringNeighbour(first, -1)).isEqualTo(catalog.itemAt(t, size - 1));
    assertThat(catalog.ringNeighbour(first, size + 2)).isEqualTo(catalog.itemAt(t, 2));
  }

  @Test
  void embeddingsAndCentroidsHaveUnitNorm() {
    float[] v = new float[catalog.dim()];
    for (int item = 0; item < catalog.items(); item++) {
      catalog.embedding(item, v, 0);
      assertThat(norm(v)).isCloseTo(1.0, offset(1e-5));
    }
    for (int t = 0; t < catalog.topics(); t++) {
      catalog.centroid(t, v, 0);
      assertThat(norm(v)).isCloseTo(1.0, offset(1e-5));
    }
  }

  @Test
  void ratesAreProbabilitiesNearTheirPriorMeansAndCtrRisesWithPopularity() {
    ModelParameters m = CONFIG.model();
    double ctr = 0;
    double cart = 0;
    double purchase = 0;
    double ctrTopHalf = 0;
    double ctrBottomHalf = 0;
    int top = 0;
    int bottom = 0;
    for (int item = 0; item < catalog.items(); item++) {
      for (float r : new float[] {catalog.ctr(item), catalog.cartRate(item), catalog.purchaseRate(item)}) {
        assertThat(r).isBetween(0f, 0.95f);
      }
      ctr += catalog.ctr(item);
      cart += catalog.cartRate(item);
      purchase += catalog.purchaseRate(item);
      if (catalog.popularityRank(item) < catalog.topicSize(catalog.topic(item)) / 2) {
        ctrTopHalf += catalog.ctr(item);
        top++;
      } else {
        ctrBottomHalf += catalog.ctr(item);
        bottom++;
      }
    }
    int n = catalog.items();
    assertThat(ctr / n).isCloseTo(m.ctr().mean(), offset(0.015));
    assertThat(cart / n).isCloseTo(m.cartRate().mean(), offset(0.02));
    assertThat(purchase / n).isCloseTo(m.purchaseRate().mean(), offset(0.02));
    assertThat(ctrTopHalf / top).as("popular half vs the rest").isGreaterThan(1.2 * ctrBottomHalf / bottom);
  }

  @Test
  void titlesAndCategoriesComeFromTheTopicVocabulary() {
    int item = catalog.itemAt(1, 0);
    var meta = catalog.metadata(item);
    assertThat(meta.itemId()).isEqualTo(Catalog.itemId(item));
    assertThat(meta.categories()).hasSize(2);
    assertThat(meta.categories().get(0)).isEqualTo(catalog.topicName(1)).isEqualTo("Kitchen");
    assertThat(meta.categories().get(1)).startsWith("Kitchen / ");
    assertThat(meta.title().split(" ")).hasSize(3);
    assertThat(meta.title()).endsWith(meta.categories().get(1).substring("Kitchen / ".length()));
    assertThat(meta.year()).isBetween(2000, 2024);
    // ring neighbours share their first title word (their arc of the ring)
    assertThat(catalog.metadata(catalog.itemAt(1, 1)).title().split(" ")[0]).isEqualTo(meta.title().split(" ")[0]);
    assertThat(TopicVocabulary.name(40)).isEqualTo("Outdoor 2");
  }

  @Test
  void sameConfigGivesTheSameCatalogueAndAnotherSeedAnotherOne() {
    Catalog again = Catalog.generate(CONFIG);
    Catalog other = Catalog.generate(CONFIG.withSeed(4));
    float[] a = new float[catalog.dim()];
    float[] b = new float[catalog.dim()];
    int differentTopic = 0;
    for (int item = 0; item < catalog.items(); item++) {
      assertThat(again.topic(item)).isEqualTo(catalog.topic(item));
      assertThat(again.ctr(item)).isEqualTo(catalog.ctr(item));
      catalog.embedding(item, a, 0);
      again.embedding(item, b, 0);
      assertThat(b).containsExactly(a);
      if (other.topic(item) != catalog.topic(item)) differentTopic++;
    }
    assertThat(differentTopic).isGreaterThan(catalog.items() / 2);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) s += x * x;
    return Math.sqrt(s);
  }
}
