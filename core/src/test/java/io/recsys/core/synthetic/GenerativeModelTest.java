package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.InteractionType;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Checks that generated data shows what the generative model promises, against the generator's own
 * truth, each with a control (the same config with the mechanism switched off) or a chance level so
 * that no assertion can hold by accident.
 */
class GenerativeModelTest {
  private static final SyntheticConfig BASE = SizePreset.TINY.config().withSeed(7);

  @Test
  void everyDownstreamEventFollowsItsUpstreamEventForTheSameUserAndItem() {
    Generated g = Generated.of(BASE.withItems(300).withUsers(200).withEvents(60_000));
    assertThat(g.counts().purchases()).as("the data must contain purchases to check").isGreaterThan(100);

    Int2ObjectOpenHashMap<int[]> open = new Int2ObjectOpenHashMap<>(); // item -> unmatched [impr, click, cart]
    int user = -1;
    long lastTime = Long.MIN_VALUE;
    for (int row = 0; row < g.size(); row++) {
      if (g.user(row) != user) {
        assertThat(g.user(row)).as("users come one after another").isEqualTo(user + 1);
        user = g.user(row);
        open.clear();
        lastTime = Long.MIN_VALUE;
      }
      long time = g.dataset().timestampMillis(row);
      assertThat(time).as("row %d: time strictly increases within a user", row).isGreaterThan(lastTime);
      lastTime = time;
      int[] unmatched = open.computeIfAbsent(g.item(row), k -> new int[3]);
      int stage = g.type(row).ordinal(); // IMPRESSION 0, CLICK 1, CART 2, PURCHASE 3
      assertThat(stage).isLessThanOrEqualTo(InteractionType.PURCHASE.ordinal());
      if (stage > 0) {
        assertThat(unmatched[stage - 1]).as("row %d: %s without an earlier %s of the same item", row, g.type(row),
            InteractionType.ofOrdinal(stage - 1)).isPositive();
        unmatched[stage - 1]--;
      }
      if (stage < 3) unmatched[stage]++;
    }
  }

  @Test
  void empiricalCtrOfPopularItemsMatchesTheirTrueCtr() {
    Generated g = Generated.of(BASE.withItems(60).withTopics(3).withUsers(300).withEvents(400_000));
    int n = g.catalog().items();
    long[] impressions = new long[n];
    long[] clicks = new long[n];
    for (int row = 0; row + 1 < g.size(); row++) {
      // the true CTR is the click probability for users interested in the item's topic
      if (g.type(row) != InteractionType.IMPRESSION || !g.profile(row).isInterestedIn(g.topic(row))) continue;
      impressions[g.item(row)]++;
      // a click comes right after its impression, from the same user, on the same item
      if (g.type(row + 1) == InteractionType.CLICK && g.user(row + 1) == g.user(row)
          && g.item(row + 1) == g.item(row)) {
        clicks[g.item(row)]++;
      }
    }
    int checked = 0;
    for (int item = 0; item < n; item++) {
      if (impressions[item] < 3000) continue;
      double p = g.catalog().ctr(item);
      double sigma = Math.sqrt(p * (1 - p) / impressions[item]);
      assertThat((double) clicks[item] / impressions[item])
          .as("item %d, %d impressions, true CTR %.4f", item, impressions[item], p)
          .isCloseTo(p, org.assertj.core.data.Offset.offset(4.5 * sigma));
      checked++;
    }
    assertThat(checked).as("items with enough impressions to test").isGreaterThanOrEqualTo(10);
  }

  @Test
  void usersClickMostlyInTheirInterestTopicsFarAboveChance() {
    Generated g = Generated.of(BASE.withItems(2000).withTopics(20).withUsers(1000).withEvents(200_000));
    Catalog catalog = g.catalog();
    int users = g.profiles().size();
    int[] clicks = new int[users];
    int[] inInterest = new int[users];
    long impressions = 0;
    long offInterestImpressions = 0;
    double chance = 0;
    long totalClicks = 0;
    for (int row = 0; row < g.size(); row++) {
      UserProfile p = g.profile(row);
      boolean interested = p.isInterestedIn(g.topic(row));
      if (g.type(row) == InteractionType.IMPRESSION) {
        impressions++;
        if (!interested) offInterestImpressions++;
      }
      if (g.type(row) != InteractionType.CLICK) continue;
      clicks[p.index()]++;
      totalClicks++;
      if (interested) inInterest[p.index()]++;
      // chance level: the share of the catalogue's topic popularity the user's interests cover
      for (Interest i : p.interests()) chance += catalog.topicWeight(i.topic());
    }
    chance /= totalClicks;
    int activeUsers = 0;
    int concentrated = 0;
    long allInInterest = 0;
    for (int u = 0; u < users; u++) {
      allInInterest += inInterest[u];
      if (clicks[u] < 5) continue;
      activeUsers++;
      if (inInterest[u] > 0.8 * clicks[u]) concentrated++;
    }
    assertThat((double) offInterestImpressions / impressions).as("off-interest impressions exist")
        .isGreaterThan(0.03);
    assertThat(chance).as("chance level").isLessThan(0.5);
    assertThat((double) allInInterest / totalClicks).as("share of clicks in interest topics").isGreaterThan(0.9);
    assertThat(activeUsers).isGreaterThan(300);
    assertThat((double) concentrated / activeUsers).as("users with > 80%% of clicks in their interests")
        .isGreaterThan(0.9);
  }

  @Test
  void consecutiveClicksInASessionAreRingNeighboursFarMoreOftenWithDrift() {
    SyntheticConfig config = BASE.withItems(2000).withTopics(5).withUsers(500).withEvents(300_000);
    double withDrift = ringNeighbourShareOfConsecutiveClicks(Generated.of(config));
    double withoutDrift = ringNeighbourShareOfConsecutiveClicks(
        Generated.of(config.withModel(config.model().withDriftProbability(0))));
    assertThat(withDrift).as("share with drift").isGreaterThan(0.1);
    assertThat(withDrift).as("with drift vs without (%.4f)", withoutDrift).isGreaterThan(5 * withoutDrift);
  }

  /** Of pairs of consecutive clicks in one session, the share within 3 ring steps in one topic. */
  private static double ringNeighbourShareOfConsecutiveClicks(Generated g) {
    Catalog catalog = g.catalog();
    long pairs = 0;
    long neighbours = 0;
    int lastClick = -1;
    for (int row = 0; row < g.size(); row++) {
      boolean newSession = row == 0 || g.user(row) != g.user(row - 1)
          || g.dataset().timestampMillis(row) - g.dataset().timestampMillis(row - 1) >= SessionSimulator.HOUR;
      if (newSession) lastClick = -1;
      if (g.type(row) != InteractionType.CLICK) continue;
      int item = g.item(row);
      if (lastClick >= 0) {
        pairs++;
        int t = catalog.topic(item);
        if (catalog.topic(lastClick) == t) {
          int size = catalog.topicSize(t);
          int d = Math.floorMod(catalog.ringPosition(item) - catalog.ringPosition(lastClick), size);
          d = Math.min(d, size - d);
          if (d >= 1 && d <= 3) neighbours++;
        }
      }
      lastClick = item;
    }
    assertThat(pairs).isGreaterThan(1000);
    return (double) neighbours / pairs;
  }

  @Test
  void topTenPercentOfItemsGetMostImpressionsUnderZipfAndNotWithout() {
    SyntheticConfig config = BASE.withItems(2000).withTopics(4).withUsers(500).withEvents(200_000);
    double zipf = topDecileShare(Generated.of(config));
    double uniform = topDecileShare(Generated.of(config.withModel(config.model().withZipfExponent(0))));
    assertThat(zipf).as("top 10%% share under Zipf(1)").isGreaterThan(0.45);
    assertThat(uniform).as("top 10%% share with uniform popularity").isLessThan(0.2);
  }

  private static double topDecileShare(Generated g) {
    long[] impressions = new long[g.catalog().items()];
    long total = 0;
    for (int row = 0; row < g.size(); row++) {
      if (g.type(row) == InteractionType.IMPRESSION) {
        impressions[g.item(row)]++;
        total++;
      }
    }
    Arrays.sort(impressions);
    long top = 0;
    for (int i = impressions.length - impressions.length / 10; i < impressions.length; i++) top += impressions[i];
    return (double) top / total;
  }

  @Test
  void ringNeighboursAreNearerInEmbeddingSpaceThanRandomPairs() {
    Catalog catalog = Catalog.generate(BASE.withItems(5000).withTopics(10));
    int d = catalog.dim();
    float[] a = new float[d];
    float[] b = new float[d];
    double neighbour = 0;
    int neighbourPairs = 0;
    for (int t = 0; t < catalog.topics(); t++) {
      for (int pos = 0; pos < catalog.topicSize(t); pos++) {
        catalog.embedding(catalog.itemAt(t, pos), a, 0);
        catalog.embedding(catalog.itemAt(t, (pos + 1) % catalog.topicSize(t)), b, 0);
        neighbour += distance(a, b);
        neighbourPairs++;
      }
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    double sameTopic = 0;
    double random = 0;
    int samples = 20_000;
    for (int s = 0; s < samples; s++) {
      int t = rng.nextInt(catalog.topics());
      catalog.embedding(catalog.itemAt(t, rng.nextInt(catalog.topicSize(t))), a, 0);
      catalog.embedding(catalog.itemAt(t, rng.nextInt(catalog.topicSize(t))), b, 0);
      sameTopic += distance(a, b);
      catalog.embedding(rng.nextInt(catalog.items()), a, 0);
      catalog.embedding(rng.nextInt(catalog.items()), b, 0);
      random += distance(a, b);
    }
    neighbour /= neighbourPairs;
    sameTopic /= samples;
    random /= samples;
    assertThat(neighbour).as("ring neighbours vs random pairs in the same topic").isLessThan(0.25 * sameTopic);
    assertThat(sameTopic).as("same topic vs any two items").isLessThan(0.8 * random);
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
    return Math.sqrt(s);
  }
}
