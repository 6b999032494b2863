package io.recsys.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.train.Progress;
import io.recsys.core.vectors.ItemVectorFile;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.ranking.model.RankingExamples;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingExampleReaderTest {
  private static final int WINDOW = 2;
  private static final int CANDIDATES = 8;

  private final FeatureTestData data = new FeatureTestData(21, 40, 30, 12, 8);
  private final Dataset dataset = data.dataset();
  private final UserSequences sequences = FeatureTestData.sequences(dataset);
  @TempDir Path dir;
  private int examples;
  private int lines;
  private int positives;
  private int expectedEngaged;
  /** Per ladder level L (index), the examples whose outcome within a day is at L or deeper, or a rating >= 4. */
  private final int[] expectedAtLevel = new int[5];
  /** The examples engaged (cart or deeper, or a rating >= 4) at their own moment only: an engage window of 0. */
  private int expectedAtMoment;
  /** The same over 60 days: the test data's users come back to their items within weeks, not within a day. */
  private int expectedWithinSixtyDays;
  private static final long DAY = java.time.Duration.ofDays(1).toMillis();
  private final List<String> lineItems = new ArrayList<>();

  /** A training-candidates directory in the candidate stage's format; user u1's examples miss their target. */
  @BeforeEach
  void writeArtefact() throws IOException {
    ItemVectorFile.write(dir.resolve(TrainingExampleReader.VECTORS_FILE), data.vectors.ids(), data.dim, data.vectors.data());
    StringBuilder clusters = new StringBuilder("itemId\tcluster\n");
    data.clusters.forEach((id, c) -> clusters.append(id).append('\t').append(c).append('\n'));
    Files.writeString(dir.resolve(TrainingExampleReader.CLUSTERS_FILE), clusters);
    SplittableRandom r = new SplittableRandom(1);
    try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve(TrainingExampleReader.CANDIDATES_FILE))),
        StandardCharsets.UTF_8)) {
      w.write(TrainingExampleReader.HEADER + "\n");
      for (int u = 0; u < sequences.userCount(); u++) {
        String userId = dataset.users().id(u);
        int len = sequences.length(u);
        for (int p = Math.max(1, len - WINDOW); p < len; p++) {
          examples++;
          int target = sequences.item(u, p);
          boolean hit = !userId.equals("u1");
          if (hit && engaged(u, target, sequences.timestamp(u, p), InteractionType.CART.level(), DAY)) expectedEngaged++;
          if (hit && engaged(u, target, sequences.timestamp(u, p), InteractionType.CART.level(), 0)) expectedAtMoment++;
          if (hit && engaged(u, target, sequences.timestamp(u, p), InteractionType.CART.level(), 60 * DAY)) expectedWithinSixtyDays++;
          for (int level = 1; level < expectedAtLevel.length; level++) {
            if (hit && engaged(u, target, sequences.timestamp(u, p), level, DAY)) expectedAtLevel[level]++;
          }
          List<Integer> items = new ArrayList<>();
          if (hit) items.add(target);
          while (items.size() < CANDIDATES) {
            int i = r.nextInt(data.items);
            if (i != target && !items.contains(i)) items.add(i);
          }
          java.util.Collections.shuffle(items, new java.util.Random(r.nextLong()));
          for (int k = 0; k < items.size(); k++) {
            int item = items.get(k);
            boolean label = item == target;
            if (label) positives++;
            String itemId = dataset.items().id(item);
            lineItems.add(itemId);
            w.write(userId + "\t" + p + "\t" + sequences.timestamp(u, p) + "\t" + dataset.items().id(target) + "\t" + itemId + "\t"
                + (label ? 1 : 0) + "\t" + (1f / (k + 1)) + "\tknn-embed:cluster-1,popular,pi2i:trigger-3\tknn-embed=0.5;popular="
                + (10 + k) + ";unknown-source=3\n");
            lines++;
          }
        }
      }
    }
  }

  /** Whether the user's engagement with the item from {@code t} to {@code t + window} reached {@code level}. */
  private boolean engaged(int u, int item, long t, int level, long window) {
    for (Interaction x : data.interactions) {
      if (x.userId().equals(dataset.users().id(u)) && x.itemId().equals(dataset.items().id(item))
          && x.timestampMillis() >= t && x.timestampMillis() - t <= window
          && (x.type().level() >= level || (x.type() == InteractionType.RATING && x.value() >= 4))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void readsEveryCandidateWithItsLabelsStandardisedFeaturesAndSequence() throws IOException {
    long[] lastProgress = {-1, -1};
    TrainingExampleReader.Result result = TrainingExampleReader.read(dir, dataset, TrainingExampleReader.Config.defaults(),
        (done, total) -> { lastProgress[0] = done; lastProgress[1] = total; });
    RankingExamples ex = result.examples();

    assertThat(ex.queries()).isEqualTo(examples);
    assertThat(ex.size()).isEqualTo(lines);
    assertThat(lastProgress).containsExactly(examples, examples);
    assertThat(ex.denseDim()).isEqualTo(result.features().denseDim());
    assertThat(ex.embeddingDim()).isEqualTo(data.dim);
    double clicks = 0, engaged = 0;
    for (int k = 0; k < ex.size(); k++) {
      clicks += ex.click()[k];
      engaged += ex.engage()[k];
      assertThat(result.candidateItem()[k]).isEqualTo(dataset.items().indexOf(lineItems.get(k)));
    }
    assertThat(clicks).isEqualTo(positives);
    assertThat(engaged).as("purchase, cart or rating >= 4 within a day of the example's moment").isEqualTo(expectedEngaged).isPositive();
    assertThat(result.examplesWithoutPositive()).isEqualTo(WINDOW);
    assertThat(java.util.Arrays.stream(result.itemPositives()).sum()).isEqualTo(positives);
    assertThat(ex.weight()).containsOnly(1f);

    // Standardised: every column has mean ~0 over the training rows.
    int d = ex.denseDim();
    for (int f = 0; f < d; f++) {
      double sum = 0;
      for (int k = 0; k < ex.size(); k++) sum += ex.dense()[k * d + f];
      assertThat(sum / ex.size()).as(result.features().names().get(f)).isCloseTo(0, Offset.offset(1e-4));
    }
    // Each query's behaviours: its history before the position, up to L.
    for (int q = 0; q < ex.queries(); q++) {
      int u = ex.queryUser()[q];
      int position = sequences.length(u) - WINDOW + (q > 0 && ex.queryUser()[q - 1] == u ? 1 : 0);
      float maskSum = 0;
      for (int j = 0; j < ex.sequenceLength(); j++) maskSum += ex.behaviourMask()[q * ex.sequenceLength() + j];
      assertThat(maskSum).isEqualTo(Math.min(position, ex.sequenceLength()));
    }
  }

  @Test
  void theEngageHeadsThresholdIsALevelOfTheLadder() throws IOException {
    for (InteractionType threshold : List.of(InteractionType.CLICK, InteractionType.FAVOURITE, InteractionType.CART,
        InteractionType.PURCHASE)) {
      RankingExamples ex = TrainingExampleReader.read(dir, dataset,
          TrainingExampleReader.Config.defaults().withEngageLevel(threshold.level()), Progress.NONE).examples();
      double engaged = 0;
      for (int k = 0; k < ex.size(); k++) engaged += ex.engage()[k];
      assertThat(engaged).as(threshold.wireName()).isEqualTo(expectedAtLevel[threshold.level()]);
    }
    assertThat(expectedAtLevel[InteractionType.CLICK.level()]).isGreaterThan(expectedAtLevel[InteractionType.CART.level()]);
    assertThat(expectedAtLevel[InteractionType.CART.level()]).isGreaterThan(expectedAtLevel[InteractionType.PURCHASE.level()]);
    RankingExamples atMoment = TrainingExampleReader.read(dir, dataset,
        TrainingExampleReader.Config.defaults().withEngageWindow(java.time.Duration.ZERO), Progress.NONE).examples();
    double engagedAtMoment = 0;
    for (int k = 0; k < atMoment.size(); k++) engagedAtMoment += atMoment.engage()[k];
    assertThat(engagedAtMoment).as("window 0").isEqualTo(expectedAtMoment);
    RankingExamples wide = TrainingExampleReader.read(dir, dataset,
        TrainingExampleReader.Config.defaults().withEngageWindow(java.time.Duration.ofDays(60)), Progress.NONE).examples();
    double engagedWide = 0;
    for (int k = 0; k < wide.size(); k++) engagedWide += wide.engage()[k];
    assertThat(engagedWide).as("window 60 days").isEqualTo(expectedWithinSixtyDays);
    assertThat(expectedWithinSixtyDays).as("a window counts the outcomes after the moment").isGreaterThan(expectedAtMoment);
    assertThatThrownBy(() -> TrainingExampleReader.Config.defaults().withEngageLevel(0))
        .hasMessageContaining("engageLevel must be a level from click (1) to purchase (4)");
  }

  @Test
  void negativeSamplingKeepsEveryPositiveAndAtMostTheLimitOfNegatives() throws IOException {
    TrainingExampleReader.Config config = TrainingExampleReader.Config.defaults().withMaxNegativesPerQuery(2);
    TrainingExampleReader.Result a = TrainingExampleReader.read(dir, dataset, config, Progress.NONE);
    TrainingExampleReader.Result b = TrainingExampleReader.read(dir, dataset, config, Progress.NONE);
    RankingExamples ex = a.examples();
    assertThat(ex.queries()).as("examples without a positive are kept").isEqualTo(examples);
    int[][] byQuery = ex.candidatesByQuery();
    int clicks = 0;
    for (int[] cands : byQuery) {
      int neg = 0;
      for (int c : cands) {
        if (ex.click()[c] == 1f) clicks++;
        else neg++;
      }
      assertThat(neg).isEqualTo(2);
    }
    assertThat(clicks).isEqualTo(positives);
    assertThat(b.candidateItem()).as("seeded: the same sample every time").containsExactly(a.candidateItem());
  }

  @Test
  void candidatesOfAnotherDatasetAreRefusedNamingTheLine() throws IOException {
    List<Interaction> other = new ArrayList<>(data.interactions);
    other.removeIf(x -> x.userId().equals("u0"));
    other.add(new Interaction("u0", "i1", InteractionType.RATING, 3, FeatureTestData.T0));
    assertThatThrownBy(() -> TrainingExampleReader.read(dir, data.dataset(other), TrainingExampleReader.Config.defaults(), Progress.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(TrainingExampleReader.CANDIDATES_FILE + ":2:");
  }
}
