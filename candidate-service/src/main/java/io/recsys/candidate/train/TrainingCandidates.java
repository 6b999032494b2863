package io.recsys.candidate.train;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.ItemCatalog;
import io.recsys.candidate.retrieve.Candidate;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.PopularSource;
import io.recsys.candidate.retrieve.RetrievalConfig;
import io.recsys.candidate.retrieve.RetrievalRequest;
import io.recsys.candidate.retrieve.RetrievalResult;
import io.recsys.candidate.retrieve.UserState;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * The ranker's training candidates, point-in-time correct. For each user's last {@code M} training
 * interactions (M = {@link CandidateTrainingConfig#window()}), the candidates that retrieval returns
 * from the history <em>before</em> that interaction, with their sources and per-source scores.
 *
 * <p>Scheme: every retrieval model used here (embeddings, clusters, indexes, i2i lists, pair scorer,
 * popularity) is trained on each user's history <em>without</em> their last M interactions, so none
 * of them has seen any interaction a training example is about; the served models are trained
 * separately on all data. The history a request sees at position {@code p} is positions
 * {@code [0, p)}: earlier interactions of the window are visible (they happened before), the one at
 * {@code p} and later ones are not.
 *
 * <p>Written into the stage's directory: the window models' item vectors and clusters
 * ({@link CandidateArtifacts#WINDOW_ITEM_VECTORS_FILE}, {@link CandidateArtifacts#WINDOW_ITEM_CLUSTERS_FILE}) and
 * the file {@code training-candidates.tsv.gz}, gzip, one line per (example, candidate), header first:
 * {@code userId position timestamp target itemId label retrievalScore sources sourceScores}, where
 * {@code label} is 1 when the candidate is the item the user engaged with at that position, sources are
 * comma-separated tags and sourceScores {@code source=score} pairs separated by {@code ;}.
 */
public final class TrainingCandidates {
  public static final String HEADER = "userId\tposition\ttimestamp\ttarget\titemId\tlabel\tretrievalScore\tsources\tsourceScores";

  private TrainingCandidates() {}

  /** What was written. */
  public record Stats(long examples, long lines, long hits) {
    /** Share of examples whose target is among the candidates: the window's candidate recall. */
    public double recall() {
      return examples == 0 ? 0 : (double) hits / examples;
    }
  }

  public static Stats write(Path dir, UserSequences all, String[] userIds, ItemCatalog catalog,
      CandidateTrainingConfig config, Function<String, Progress> progressOf, Progress progress) throws IOException {
    int m = config.window();
    UserSequences before = all.withoutLast(m);
    CandidateTrainer.Trained window = CandidateTrainer.train("window", before, catalog, config, progressOf);
    Path file = dir.resolve(CandidateArtifacts.TRAINING_CANDIDATES_FILE);
    window.als().items().write(dir.resolve(CandidateArtifacts.WINDOW_ITEM_VECTORS_FILE));
    int[] clusterOfRow = CandidateModel.clusterOfRow(window.clusters());
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(CandidateArtifacts.WINDOW_ITEM_CLUSTERS_FILE),
        StandardCharsets.UTF_8)) {
      w.write("itemId\tcluster\n");
      for (int row = 0; row < clusterOfRow.length; row++) {
        w.write(catalog.id(row) + "\t" + clusterOfRow[row] + "\n");
      }
    }
    CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
    RetrievalRequest request = RetrievalRequest.of(config.trainingCandidates());

    AtomicLong examples = new AtomicLong();
    AtomicLong lines = new AtomicLong();
    AtomicLong hits = new AtomicLong();
    AtomicLong done = new AtomicLong();
    int users = all.userCount();
    try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
        new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
      out.write(HEADER);
      out.write('\n');
      int chunk = 256;
      for (int from = 0; from < users; from += chunk) {
        int to = Math.min(users, from + chunk);
        // Users in parallel (the pipeline is thread-safe), written in user order so the file is deterministic.
        String[] blocks = IntStream.range(from, to).parallel()
            .mapToObj(u -> userBlock(u, all, userIds[u], m, window, pipeline, request, catalog, examples, lines, hits))
            .toArray(String[]::new);
        for (String b : blocks) out.write(b);
        progress.update(done.addAndGet(to - from), users);
      }
    } finally {
      window.model().close();
    }
    return new Stats(examples.get(), lines.get(), hits.get());
  }

  private static String userBlock(int u, UserSequences all, String userId, int m, CandidateTrainer.Trained window,
      CandidatePipeline pipeline, RetrievalRequest request, ItemCatalog catalog, AtomicLong examples, AtomicLong lines,
      AtomicLong hits) {
    int len = all.length(u);
    StringBuilder sb = new StringBuilder();
    for (int p = Math.max(1, len - m); p < len; p++) {
      long now = all.timestamp(u, p);
      int target = all.item(u, p);
      UserState user = UserState.ofSequence(userId, all, u, p, null, now);
      RetrievalResult result = pipeline.retrieve(window.model(), user, request);
      examples.incrementAndGet();
      String targetId = catalog.id(target);
      for (Candidate c : result.candidates()) {
        boolean hit = c.row() == target;
        if (hit) hits.incrementAndGet();
        sb.append(userId).append('\t').append(p).append('\t').append(now).append('\t').append(targetId).append('\t')
            .append(c.itemId()).append('\t').append(hit ? 1 : 0).append('\t')
            .append(String.format(Locale.ROOT, "%.6g", c.score())).append('\t')
            .append(String.join(",", c.sources())).append('\t');
        boolean first = true;
        for (Map.Entry<String, Float> e : new java.util.TreeMap<>(c.sourceScores()).entrySet()) {
          if (!first) sb.append(';');
          sb.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.6g", e.getValue()));
          first = false;
        }
        sb.append('\n');
        lines.incrementAndGet();
      }
    }
    return sb.toString();
  }
}
