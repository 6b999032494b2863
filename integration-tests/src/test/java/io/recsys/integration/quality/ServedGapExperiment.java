package io.recsys.integration.quality;

import io.recsys.testsupport.SharedDatasets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./recsys bench served-gap}: the ranker's HR/NDCG@10 on ml-100k leave-last-out in process,
 * offline protocol against serving conditions one at a time (request time after the data's last event
 * instead of right after each user's own; the feature store's 200-entry history), to find where the
 * served stack ({@code ./recsys eval --serve}) loses the ranker's lift. A main: trains once (~2 min).
 */
public final class ServedGapExperiment {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("served-gap");
    CascadeEvaluation eval = new CascadeEvaluation(SharedDatasets.movieLens100k(), dir);
    CascadeEvaluation.Result r = eval.rankerWith(args);
    System.out.printf("%-58s %8s %8s %12s%n", "condition", "HR@10", "NDCG@10", "pool recall");
    row("candidate order", r.candidateOrder());
    row("ranker, offline protocol (now = user's last event + 1 ms)", r.ranked());
    row("ranker, offline protocol, recomputed", eval.rankedUnder(-1, Integer.MAX_VALUE));
    row("ranker, history cut to the newest 200", eval.rankedUnder(-1, 200));
    row("ranker, now = data's last event + 1 min", eval.rankedUnder(60_000L, Integer.MAX_VALUE));
    row("ranker, now = data's last event + 1 day", eval.rankedUnder(86_400_000L, Integer.MAX_VALUE));
    row("ranker, now = data's last event + 1 min, history 200", eval.rankedUnder(60_000L, 200));
    row("retrieval and ranker, now = data's last event + 1 min", eval.rankedUnder(60_000L, Integer.MAX_VALUE, true));
  }

  private static void row(String name, CascadeEvaluation.Quality q) {
    System.out.printf("%-58s %8.4f %8.4f %12s%n", name, q.hr10(), q.ndcg10(), Double.isNaN(q.poolRecall()) ? "" : String.format("%.4f", q.poolRecall()));
  }
}
