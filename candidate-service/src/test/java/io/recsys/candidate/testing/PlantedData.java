package io.recsys.candidate.testing;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small seeded dataset with planted interests: {@code groups} groups of {@code itemsPerGroup} items
 * (item {@code g<group>-<n>}, category {@code cat<group>}); each user prefers two groups (80% of their
 * clicks, 20% noise), clicking {@code clicksPerUser} distinct items in time order, popular items of a
 * group more often. Small enough that every candidate component trains in well under a second.
 */
public final class PlantedData {
  public final int groups;
  public final int itemsPerGroup;
  public final int users;
  public final int clicksPerUser;
  public final long seed;

  public PlantedData(int groups, int itemsPerGroup, int users, int clicksPerUser, long seed) {
    this.groups = groups;
    this.itemsPerGroup = itemsPerGroup;
    this.users = users;
    this.clicksPerUser = clicksPerUser;
    this.seed = seed;
  }

  public static PlantedData standard() {
    return new PlantedData(4, 40, 300, 25, 7);
  }

  public static String itemId(int group, int n) {
    return "g" + group + "-" + n;
  }

  /** The two preferred groups of user {@code u}. */
  public int[] preferred(int u) {
    int first = u % groups;
    int second = (u / groups) % groups;
    return new int[] {first, second == first ? (first + 1) % groups : second};
  }

  public Dataset dataset() {
    Dataset.Builder b = Dataset.builder();
    for (int g = 0; g < groups; g++) {
      for (int n = 0; n < itemsPerGroup; n++) {
        b.item(new Item(itemId(g, n), "item " + g + "/" + n, List.of("cat" + g), 2000, Map.of()));
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long t0 = 1_700_000_000_000L;
    for (int u = 0; u < users; u++) {
      int[] pref = preferred(u);
      java.util.Set<String> seen = new java.util.HashSet<>();
      long t = t0 + u * 1000L;
      while (seen.size() < clicksPerUser) {
        int g = rnd.nextDouble() < 0.8 ? pref[rnd.nextInt(2)] : rnd.nextInt(groups);
        // Skewed within a group: low n are popular.
        int n = (int) Math.min(itemsPerGroup - 1, Math.floor(-Math.log(1 - rnd.nextDouble()) * itemsPerGroup / 4));
        String id = itemId(g, n);
        if (!seen.add(id)) continue;
        t += 60_000;
        b.interaction(new Interaction("u" + u, id, InteractionType.CLICK, 1f, t));
      }
    }
    return b.build();
  }

  public static UserSequences sequences(Dataset d) {
    return UserSequences.of(d, UserSequences.defaultPositiveTypes(), ItemOrder.of(d.items()));
  }

  /** Writes the dataset as a generic event CSV (userId,itemId,type,timestamp) plus items.csv into {@code dir}. */
  public void writeCsv(Path dir) throws IOException {
    Dataset d = dataset();
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("events.csv"), StandardCharsets.UTF_8)) {
      w.write("userId,itemId,type,timestamp\n");
      for (int r = 0; r < d.size(); r++) {
        Interaction i = d.interaction(r);
        w.write(i.userId() + "," + i.itemId() + ",click," + java.time.Instant.ofEpochMilli(i.timestampMillis()) + "\n");
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("items.csv"), StandardCharsets.UTF_8)) {
      w.write("itemId,title,categories\n");
      for (int i = 0; i < d.items().size(); i++) {
        Item it = d.itemMetadata(i);
        w.write(it.itemId() + "," + it.title() + "," + String.join("|", it.categories()) + "\n");
      }
    }
  }
}
