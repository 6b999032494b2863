package io.recsys.candidate.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.ItemCatalog;
import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.testing.PlantedData;
import io.recsys.candidate.testing.TrainedFixture;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCandidatesTest {
  @TempDir Path tmp;

  /**
   * The planted data plus one item, "late", that every user engages with only as their very last
   * interaction. Models trained point-in-time have never seen "late" engaged, so it can have no
   * embedding signal, no i2i list entry and no popularity: it never appears as a candidate.
   */
  @Test
  void retrievalModelsNeverSawTheWindowInteractions() throws Exception {
    Dataset planted = PlantedData.standard().dataset();
    Dataset.Builder b = Dataset.builder();
    for (int i = 0; i < planted.items().size(); i++) b.item(planted.itemMetadata(i));
    b.item(new Item("late", "late", List.of("cat0"), 2000, Map.of()));
    long last = 0;
    for (int r = 0; r < planted.size(); r++) {
      Interaction i = planted.interaction(r);
      b.interaction(i);
      last = Math.max(last, i.timestampMillis());
    }
    for (int u = 0; u < planted.users().size(); u++) {
      b.interaction(new Interaction(planted.users().id(u), "late", InteractionType.CLICK, 1f, last + 1000 + u));
    }
    Dataset data = b.build();
    UserSequences seqs = PlantedData.sequences(data);
    ItemCatalog catalog = io.recsys.candidate.model.ItemCatalog.of(data);
    String[] users = new String[data.users().size()];
    for (int u = 0; u < users.length; u++) users[u] = data.users().id(u);

    Path file = tmp.resolve(CandidateArtifacts.TRAINING_CANDIDATES_FILE);
    CandidateTrainingConfig config = TrainedFixture.smallConfig().withWindow(1);
    TrainingCandidates.Stats stats = TrainingCandidates.write(tmp, seqs, users, catalog, config, s -> Progress.NONE, Progress.NONE);

    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo(TrainingCandidates.HEADER);
      for (String line; (line = r.readLine()) != null; ) rows.add(line.split("\t", -1));
    }
    assertThat(stats.examples()).isEqualTo(users.length);
    assertThat(rows).hasSize((int) stats.lines());
    // Every example is about "late" (window 1), which the models never saw engaged.
    assertThat(rows).allSatisfy(row -> assertThat(row[3]).isEqualTo("late"));
    assertThat(rows).noneSatisfy(row -> assertThat(row[4]).isEqualTo("late"));
    assertThat(stats.hits()).isZero();
  }

  @Test
  void examplesOfTheWindowSeeOnlyTheHistoryBeforeThem() throws Exception {
    TrainedFixture f = TrainedFixture.get();
    String[] users = new String[f.dataset.users().size()];
    for (int u = 0; u < users.length; u++) users[u] = f.dataset.users().id(u);
    Path file = tmp.resolve(CandidateArtifacts.TRAINING_CANDIDATES_FILE);
    TrainingCandidates.Stats stats = TrainingCandidates.write(tmp, f.sequences, users, f.catalog,
        TrainedFixture.smallConfig().withWindow(3), s -> Progress.NONE, Progress.NONE);
    assertThat(stats.examples()).isEqualTo(3L * users.length);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] row = line.split("\t", -1);
        int u = f.dataset.users().indexOf(row[0]);
        int p = Integer.parseInt(row[1]);
        int candidate = f.catalog.row(row[4]);
        // A candidate is never an item the user had engaged with before position p (those are seen),
        for (int q = 0; q < p; q++) assertThat(f.sequences.item(u, q)).isNotEqualTo(candidate);
        // and the label says whether it is the item at p.
        assertThat(row[5]).isEqualTo(f.sequences.item(u, p) == candidate ? "1" : "0");
      }
    }
    assertThat(stats.recall()).isGreaterThan(0.2);
    // The window models' item vectors and clusters are published beside them, one row per item.
    ItemVectors window = ItemVectors.read(tmp.resolve(CandidateArtifacts.WINDOW_ITEM_VECTORS_FILE));
    assertThat(window.count()).isEqualTo(f.catalog.size());
    List<String> clusterLines = Files.readAllLines(tmp.resolve(CandidateArtifacts.WINDOW_ITEM_CLUSTERS_FILE));
    assertThat(clusterLines).hasSize(f.catalog.size() + 1);
    assertThat(clusterLines.getFirst()).isEqualTo("itemId\tcluster");
  }
}
