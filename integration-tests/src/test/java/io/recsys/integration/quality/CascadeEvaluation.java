package io.recsys.integration.quality;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.CandidateModelLoader;
import io.recsys.candidate.retrieve.Candidate;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.PopularSource;
import io.recsys.candidate.retrieve.RetrievalConfig;
import io.recsys.candidate.retrieve.RetrievalRequest;
import io.recsys.candidate.retrieve.RetrievalResult;
import io.recsys.candidate.retrieve.UserState;
import io.recsys.candidate.train.TrainCommand;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.IdIndex;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.InteractionType;
import io.recsys.evaluation.metrics.AccuracyMetrics;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.ranking.api.RankRequest;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.serve.RankInput;
import io.recsys.ranking.serve.Ranked;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.ranking.serve.RankingModelLoader;
import io.recsys.ranking.train.RankerArtifacts;
import io.recsys.ranking.train.RankerTrainCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cascade's offline quality on MovieLens 100K, leave-last-out (the reference protocol of
 * ../shared/datasets/README.md): {@code ./recsys train}'s two commands run on the training part only
 * (the held-out interactions are removed from the data they read), then for each test user the
 * published candidate model retrieves candidates from the training history and the published ranker
 * orders them, both loaded from their artefacts as the services load them. A hit is the held-out item
 * in the top 10. Not thread-safe; one evaluation per folder.
 */
final class CascadeEvaluation {
  static final int CANDIDATES = 100;

  /** HR@10 and NDCG@10 of one ordering over the test users. */
  /** HR/NDCG@10 over {@code users}; {@code poolRecall}: share whose candidate pool held the held-out item (NaN when not measured). */
  record Quality(double hr10, double ndcg10, int users, double poolRecall) {
    Quality(double hr10, double ndcg10, int users) {
      this(hr10, ndcg10, users, Double.NaN);
    }
  }

  /**
   * One ranker's result: candidate order, ranked order (the service's score), the order by calibrated
   * P(click) alone, its model card, and training seconds.
   */
  record Result(Quality candidateOrder, Quality ranked, Quality byClick, ModelCard card, double rankerSeconds, String log,
      List<Ranked> rankedLists, List<int[]> relevant) {}

  private final Dataset all;
  private final Split split;
  private final int[] heldOut;
  private final Path data;
  private final Path artifacts;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);
  final double candidateSeconds;

  /** Splits, writes the training part to {@code dir/train} and runs the candidate stages on it (with {@code candidateArgs}). */
  CascadeEvaluation(Path source, Path dir, String... candidateArgs) throws IOException {
    all = Datasets.load(source, DatasetFormat.RECBOLE, ErrorPolicy.FAIL);
    UserSequences seqs = UserSequences.of(all, UserSequences.defaultPositiveTypes(), ItemOrder.of(all.items()));
    split = SplitProtocol.LEAVE_LAST_OUT.split(seqs, 5, 0, 0);
    heldOut = new int[all.users().size()];
    Arrays.fill(heldOut, -1);
    for (int u : split.testUsers()) heldOut[u] = split.testItems(u)[0];
    Dataset train = all.filter(row -> heldOut[all.userIndex(row)] != all.itemIndex(row));
    data = dir.resolve("train");
    artifacts = dir.resolve("artifacts");
    try (CanonicalDatasetWriter w = new CanonicalDatasetWriter(data)) {
      for (int i = 0; i < train.items().size(); i++) if (train.itemMetadata(i) != null) w.item(train.itemMetadata(i));
      for (int u = 0; u < train.users().size(); u++) if (train.userMetadata(u) != null) w.user(train.userMetadata(u));
      for (int row = 0; row < train.size(); row++) w.interaction(train.interaction(row));
    }
    long t0 = System.nanoTime();
    List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", artifacts.toString(), "--no-feature-store"));
    args.addAll(List.of(candidateArgs));
    int exit = CliErrorHandler.commandLine(new TrainCommand(console)).execute(args.toArray(String[]::new));
    if (exit != 0) throw new IllegalStateException("candidate stages failed (exit " + exit + "):\n" + log());
    candidateSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** The whole dataset (item indexes of the orders are its indexes). */
  Dataset dataset() {
    return all;
  }

  /** The artefact root the stages published into. */
  Path artifacts() {
    return artifacts;
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** Trains the ranker with {@code rankerArgs} (plus --force), then evaluates candidate order and ranked order. */
  Result rankerWith(String... rankerArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", artifacts.toString(), "--force"));
    args.addAll(List.of(rankerArgs));
    log.reset();
    long t0 = System.nanoTime();
    int exit = CliErrorHandler.commandLine(new RankerTrainCommand(console)).execute(args.toArray(String[]::new));
    if (exit != 0) throw new IllegalStateException("ranker stage failed (exit " + exit + "):\n" + log());
    double rankerSeconds = (System.nanoTime() - t0) / 1e9;
    String trainLog = log();

    ArtifactStore store = new ArtifactStore(artifacts);
    CandidateModel candidates = new CandidateModelLoader(store).load(store.current(CandidateArtifacts.BUNDLE));
    CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
    try (RankingModel ranker = new RankingModelLoader().load(store.current(RankerArtifacts.RANKER))) {
      UserSequences history = split.train();
      List<int[]> candidateOrder = new ArrayList<>(), rankedOrder = new ArrayList<>(), clickOrder = new ArrayList<>();
      List<int[]> relevant = new ArrayList<>();
      List<Ranked> rankedLists = new ArrayList<>();
      for (int u : split.testUsers()) {
        int n = history.length(u);
        long now = history.timestamp(u, n - 1) + 1;
        UserState user = UserState.ofSequence(all.users().id(u), history, u, n, null, now);
        RetrievalResult r = pipeline.retrieve(candidates, user, RetrievalRequest.of(CANDIDATES));
        List<RankRequest.Candidate> input = new ArrayList<>();
        int[] cOrder = new int[r.candidates().size()];
        for (int i = 0; i < cOrder.length; i++) {
          Candidate c = r.candidates().get(i);
          cOrder[i] = all.items().indexOf(c.itemId());
          Map<String, Double> scores = new LinkedHashMap<>();
          c.sourceScores().forEach((k, v) -> scores.put(k, (double) v));
          input.add(new RankRequest.Candidate(c.itemId(), c.score(), c.sources(), scores));
        }
        List<HistoryEntry> entries = new ArrayList<>(n);
        for (int p = n - 1; p >= 0; p--) {
          entries.add(new HistoryEntry(all.items().id(history.item(u, p)), InteractionType.RATING, history.timestamp(u, p)));
        }
        Ranked ranked = ranker.rank(new RankInput(all.users().id(u), entries, input, null, now));
        int[] rOrder = new int[ranked.items().size()];
        for (int i = 0; i < rOrder.length; i++) rOrder[i] = all.items().indexOf(ranked.items().get(i).itemId());
        List<io.recsys.ranking.api.RankResponse.Item> byClick = new ArrayList<>(ranked.items());
        byClick.sort((a, b) -> Double.compare(b.tasks().get(RankingModel.CLICK), a.tasks().get(RankingModel.CLICK)));
        int[] kOrder = new int[byClick.size()];
        for (int i = 0; i < kOrder.length; i++) kOrder[i] = all.items().indexOf(byClick.get(i).itemId());
        rankedLists.add(ranked);
        candidateOrder.add(cOrder);
        rankedOrder.add(rOrder);
        clickOrder.add(kOrder);
        relevant.add(new int[] {heldOut[u]});
      }
      return new Result(quality(candidateOrder, relevant), quality(rankedOrder, relevant), quality(clickOrder, relevant), ranker.card(),
          rankerSeconds, trainLog, rankedLists, relevant);
    }
  }

  /**
   * The published ranker's ranked order under serving conditions: {@code now} is the time of the
   * training part's last event plus {@code afterLastEventMillis} (served requests come at wall-clock
   * time, not right after each user's own last event), or each user's last event + 1 ms when negative
   * (the offline protocol); the history is cut to the newest {@code historyCap} entries (the feature
   * store keeps 200). For finding where the served stack loses the ranker's lift.
   */
  Quality rankedUnder(long afterLastEventMillis, int historyCap) throws IOException {
    return rankedUnder(afterLastEventMillis, historyCap, false);
  }

  /** As {@link #rankedUnder(long, int)}; with {@code retrieveAtNow} the candidates are retrieved at that {@code now} too. */
  Quality rankedUnder(long afterLastEventMillis, int historyCap, boolean retrieveAtNow) throws IOException {
    ArtifactStore store = new ArtifactStore(artifacts);
    CandidateModel candidates = new CandidateModelLoader(store).load(store.current(CandidateArtifacts.BUNDLE));
    CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
    UserSequences history = split.train();
    long globalLast = Long.MIN_VALUE;
    for (int u : split.testUsers()) globalLast = Math.max(globalLast, history.timestamp(u, history.length(u) - 1));
    try (RankingModel ranker = new RankingModelLoader().load(store.current(RankerArtifacts.RANKER))) {
      List<int[]> rankedOrder = new ArrayList<>();
      List<int[]> relevant = new ArrayList<>();
      int inPool = 0;
      for (int u : split.testUsers()) {
        int n = history.length(u);
        long userNow = history.timestamp(u, n - 1) + 1;
        long now = afterLastEventMillis < 0 ? userNow : globalLast + afterLastEventMillis;
        UserState user = UserState.ofSequence(all.users().id(u), history, u, n, null, retrieveAtNow ? now : userNow);
        RetrievalResult r = pipeline.retrieve(candidates, user, RetrievalRequest.of(CANDIDATES));
        for (Candidate c : r.candidates()) if (c.itemId().equals(all.items().id(heldOut[u]))) inPool++;
        List<RankRequest.Candidate> input = rankCandidates(r.candidates(), true);
        List<HistoryEntry> entries = historyEntries(history, u, all.items(), historyCap);
        Ranked ranked = ranker.rank(new RankInput(all.users().id(u), entries, input, null, now));
        int[] rOrder = new int[ranked.items().size()];
        for (int i = 0; i < rOrder.length; i++) rOrder[i] = all.items().indexOf(ranked.items().get(i).itemId());
        rankedOrder.add(rOrder);
        relevant.add(new int[] {heldOut[u]});
      }
      Quality q = quality(rankedOrder, relevant);
      return new Quality(q.hr10(), q.ndcg10(), q.users(), (double) inPool / relevant.size());
    }
  }

  /** The ranker's input for retrieved candidates, as the gateway passes them on (sources and, if asked, per-source scores). */
  static List<RankRequest.Candidate> rankCandidates(List<Candidate> retrieved, boolean withSourceScores) {
    List<RankRequest.Candidate> input = new ArrayList<>(retrieved.size());
    for (Candidate c : retrieved) {
      Map<String, Double> scores = new LinkedHashMap<>();
      if (withSourceScores) c.sourceScores().forEach((k, v) -> scores.put(k, (double) v));
      input.add(new RankRequest.Candidate(c.itemId(), c.score(), c.sources(), scores));
    }
    return input;
  }

  /** User {@code u}'s history in {@code history}, newest first and at most {@code cap} entries, as the feature store hands it over. */
  static List<HistoryEntry> historyEntries(UserSequences history, int u, IdIndex items, int cap) {
    int n = history.length(u);
    List<HistoryEntry> entries = new ArrayList<>(Math.min(n, cap));
    for (int p = n - 1; p >= 0 && entries.size() < cap; p--) {
      entries.add(new HistoryEntry(items.id(history.item(u, p)), InteractionType.RATING, history.timestamp(u, p)));
    }
    return entries;
  }

  static Quality quality(List<int[]> orders, List<int[]> relevant) {
    double hr = 0, ndcg = 0;
    for (int i = 0; i < orders.size(); i++) {
      int[] o = orders.get(i);
      hr += AccuracyMetrics.hitRate(o, o.length, 10, relevant.get(i));
      ndcg += AccuracyMetrics.ndcg(o, o.length, 10, relevant.get(i));
    }
    return new Quality(hr / orders.size(), ndcg / orders.size(), orders.size());
  }
}
