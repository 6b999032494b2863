package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemClusterCacheTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private final Map<String, Integer> assignment = new HashMap<>();
  private int clusterCount = 3;
  private final List<List<String>> loads = new ArrayList<>();

  private ItemClusters load(List<String> ids) {
    loads.add(List.copyOf(ids));
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) out[i] = assignment.getOrDefault(ids.get(i), ItemClusters.UNKNOWN);
    return new ItemClusters(clusterCount, out);
  }

  @Test
  void readsOnlyWhatItDoesNotHoldAndAgainAfterTheTtl() {
    assignment.put("a", 2);
    ItemClusterCache cache = new ItemClusterCache(this::load, Duration.ofSeconds(30), 100, clock);
    int[] out = new int[3];
    assertThat(cache.lookup(List.of("a", "b"), out)).isEqualTo(3);
    assertThat(out).startsWith(2, -1);
    assignment.put("b", 1); // unseen until b's entry expires
    assertThat(cache.lookup(List.of("b", "a", "c"), out)).isEqualTo(3);
    assertThat(out).containsExactly(-1, 2, -1);
    assertThat(loads).containsExactly(List.of("a", "b"), List.of("c"));

    clock.set(clock.instant().plusSeconds(31));
    cache.lookup(List.of("b"), out);
    assertThat(out[0]).isEqualTo(1);
    assertThat(loads).hasSize(3);
  }

  @Test
  void aNewClusterCountDropsEverythingCachedAndRereadsTheWholeBatch() {
    assignment.put("a", 2);
    ItemClusterCache cache = new ItemClusterCache(this::load, Duration.ofSeconds(30), 100, clock);
    int[] out = new int[2];
    cache.lookup(List.of("a"), out);
    clusterCount = 5;
    assignment.put("a", 4);
    assignment.put("b", 3);
    assertThat(cache.lookup(List.of("a", "b"), out)).isEqualTo(5);
    assertThat(out).containsExactly(4, 3);
    assertThat(loads).containsExactly(List.of("a"), List.of("b"), List.of("a", "b"));
  }

  @Test
  void aZeroTtlReadsEveryBatch() {
    ItemClusterCache cache = new ItemClusterCache(this::load, Duration.ZERO, 100, clock);
    int[] out = new int[1];
    cache.lookup(List.of("a"), out);
    cache.lookup(List.of("a"), out);
    assertThat(loads).hasSize(2);
  }
}
