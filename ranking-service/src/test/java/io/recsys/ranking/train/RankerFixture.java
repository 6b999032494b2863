package io.recsys.ranking.train;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.Fingerprint;
import io.recsys.core.artifact.ManifestInfo;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.vectors.ItemVectorFile;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.ranking.features.TrainingExampleReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A small world with signal, for the ranker's end-to-end tests: items in three taste clusters, users
 * who mostly engage with their own cluster, a published training-candidates artefact in the candidate
 * stage's file format (the target among random others, retrieval scores that know nothing of the
 * user), and {@link RankerTrainCommand} run on it as {@code ./recsys train} runs it.
 */
public final class RankerFixture {
  public static final int CLUSTERS = 3;
  /** The size of a world: catalogue, users and their histories, window examples, candidates per example, vector size. */
  public record World(int items, int users, int perUser, int window, int candidates, int dim) {}
  /** The tests' world: small enough to train in seconds. */
  public static final World STANDARD = new World(60, 120, 14, 5, 20, 8);
  public static final int ITEMS = STANDARD.items();
  public static final long T0 = 1_700_000_000_000L;

  /** What was published: the data folder, the artefact root, the dataset, and the training command's console. */
  public record Published(Path data, Path artifacts, Dataset dataset, String log) {
    public ArtifactStore store() {
      return new ArtifactStore(artifacts);
    }
  }

  private RankerFixture() {}

  /** Item {@code i}'s taste cluster (users: {@code u % CLUSTERS}). */
  public static int clusterOf(int i) {
    return i % CLUSTERS;
  }

  /** Writes the data and the training candidates under {@code root}, then trains with {@code extraArgs}. */
  public static Published trainAndPublish(Path root, String... extraArgs) throws IOException {
    return trainAndPublish(root, STANDARD, extraArgs);
  }

  /** As {@link #trainAndPublish(Path, String...)} in a world of the given size. */
  public static Published trainAndPublish(Path root, World world, String... extraArgs) throws IOException {
    Path data = root.resolve("data"), artifacts = root.resolve("artifacts");
    writeData(data, world, 7);
    Dataset dataset = Datasets.load(data, DatasetFormat.GENERIC, ErrorPolicy.FAIL);
    publishTrainingCandidates(new ArtifactStore(artifacts), dataset, world, 11);
    String log = train(data, artifacts, extraArgs);
    return new Published(data, artifacts, dataset, log);
  }

  /** Runs the ranker stage on an existing data folder and artefact root; fails with its console on a non-zero exit. */
  public static String train(Path data, Path artifacts, String... extraArgs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", artifacts.toString()));
    args.addAll(List.of(extraArgs));
    if (!args.contains("--ranker-epochs")) args.addAll(List.of("--ranker-epochs", "3")); // seconds, not minutes
    int exit = CliErrorHandler.commandLine(new RankerTrainCommand(console)).execute(args.toArray(String[]::new));
    String log = out.toString(StandardCharsets.UTF_8);
    if (exit != 0) throw new IllegalStateException("ranker training failed (exit " + exit + "):\n" + log);
    return log;
  }

  static void writeData(Path dir, World world, long seed) throws IOException {
    int items = world.items();
    SplittableRandom r = new SplittableRandom(seed);
    String[] genres = {"Drama", "Comedy", "Action"};
    try (CanonicalDatasetWriter w = new CanonicalDatasetWriter(dir)) {
      for (int i = 0; i < items; i++) {
        w.item(new Item("i" + i, "item " + i, List.of(genres[clusterOf(i)]), Item.UNKNOWN_YEAR, Map.of()));
      }
      for (int u = 0; u < world.users(); u++) {
        int taste = u % CLUSTERS;
        long t = T0 + r.nextLong(5L * 86_400_000);
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < world.perUser()) {
          int item = r.nextDouble() < 0.85 ? taste + CLUSTERS * r.nextInt(items / CLUSTERS) : r.nextInt(items);
          if (seen.contains(item)) continue;
          seen.add(item);
          t += 1 + r.nextLong(3_600_000);
          float rating = clusterOf(item) == taste ? 3 + r.nextInt(3) : 1 + r.nextInt(3);
          w.interaction(new Interaction("u" + u, "i" + item, InteractionType.RATING, rating, t));
        }
      }
    }
  }

  /** Item vectors: the cluster's direction plus noise; one example per window position, the target among random items. */
  static void publishTrainingCandidates(ArtifactStore store, Dataset dataset, World world, long seed) {
    int items = world.items(), dim = world.dim();
    UserSequences seqs = UserSequences.of(dataset, UserSequences.defaultPositiveTypes(), ItemOrder.of(dataset.items()));
    SplittableRandom r = new SplittableRandom(seed);
    store.publish(RankerArtifacts.TRAINING_CANDIDATES, dir -> {
      String[] ids = new String[items];
      float[] vectors = new float[items * dim];
      StringBuilder clusters = new StringBuilder("itemId\tcluster\n");
      for (int i = 0; i < items; i++) {
        ids[i] = "i" + i;
        for (int x = 0; x < dim; x++) vectors[i * dim + x] = (x == clusterOf(i) ? 2f : 0f) + (float) r.nextGaussian() * 0.5f;
        clusters.append(ids[i]).append('\t').append(clusterOf(i)).append('\n');
      }
      ItemVectorFile.write(dir.resolve(TrainingExampleReader.VECTORS_FILE), ids, dim, vectors);
      Files.writeString(dir.resolve(TrainingExampleReader.CLUSTERS_FILE), clusters);
      try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
          dir.resolve(TrainingExampleReader.CANDIDATES_FILE))), StandardCharsets.UTF_8)) {
        w.write(TrainingExampleReader.HEADER + "\n");
        for (int u = 0; u < seqs.userCount(); u++) {
          int len = seqs.length(u);
          for (int p = Math.max(1, len - world.window()); p < len; p++) {
            int target = seqs.item(u, p);
            List<Integer> list = new ArrayList<>(List.of(target));
            java.util.Set<Integer> inList = new java.util.HashSet<>(list);
            while (list.size() < world.candidates()) {
              int i = r.nextInt(dataset.items().size());
              if (inList.add(i)) list.add(i);
            }
            Collections.shuffle(list, new Random(r.nextLong()));
            for (int item : list) {
              String itemId = dataset.items().id(item);
              float score = (float) r.nextDouble();
              w.write(dataset.users().id(u) + "\t" + p + "\t" + seqs.timestamp(u, p) + "\t" + dataset.items().id(target) + "\t"
                  + itemId + "\t" + (item == target ? 1 : 0) + "\t" + score + "\tknn-embed:cluster-"
                  + clusterOf(Integer.parseInt(itemId.substring(1))) + "\tknn-embed=" + score + "\n");
            }
          }
        }
      }
    }, new ManifestInfo(Fingerprint.of(new byte[0]), 0, "RankerFixture", ManifestInfo.UNKNOWN_COMMIT, Map.of()));
  }
}
