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
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.ranking.api.RankRequest;
import io.recsys.ranking.serve.RankInput;
import io.recsys.ranking.serve.Ranked;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.ranking.serve.RankingModelLoader;
import io.recsys.ranking.train.RankerArtifacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./recsys bench served-path}: a diagnostic. The models a served evaluation trained
 * ({@code ./recsys eval --serve}'s artefacts and time-shifted training part) evaluated in process, as
 * {@link CascadeEvaluation} evaluates its own, at each user's last event and at the data's end: when
 * the served funnel's "after ranking" falls short of these, the serving path (not the model) loses it.
 * Arguments: ORIGINAL_DATA EVAL_OUT ARTIFACTS [stored] — "stored" retrieves with the stored (kNN-smoothed)
 * mixtures, as the candidate service does. With {@code -DrankUrl=URL -DrankKey=INTERNAL_KEY} the
 * ranking is asked of a running ranking service instead (found this way: the service ranks as in process,
 * and the loss was in the histories the stack had loaded twice).
 */
public final class ServedPathCheck {
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    Dataset all = Datasets.load(Path.of(args[0]), DatasetFormat.RECBOLE, ErrorPolicy.FAIL);
    Split split = SplitProtocol.LEAVE_LAST_OUT.split(UserSequences.of(all, UserSequences.defaultPositiveTypes(), ItemOrder.of(all.items())), 5, 0, 0);
    Dataset train = Datasets.load(Path.of(args[1]).resolve("train"), null, ErrorPolicy.FAIL);
    UserSequences history = UserSequences.of(train, UserSequences.defaultPositiveTypes(), ItemOrder.of(train.items()));
    ArtifactStore store = new ArtifactStore(Path.of(args[2]));
    CandidateModel candidates = new CandidateModelLoader(store).load(store.current(CandidateArtifacts.BUNDLE));
    CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
    long globalLast = Long.MIN_VALUE;
    for (int u = 0; u < train.users().size(); u++) if (history.length(u) > 0) globalLast = Math.max(globalLast, history.timestamp(u, history.length(u) - 1));
    try (RankingModel ranker = new RankingModelLoader().load(store.current(RankerArtifacts.RANKER))) {
    Map<String, float[]> stored = args.length > 3 ? io.recsys.candidate.train.MixtureFile.read(
        store.current(CandidateArtifacts.MIXTURES).path().resolve(CandidateArtifacts.MIXTURES_FILE)) : Map.of();
      for (boolean atEnd : new boolean[] {false, true}) {
        int users = 0, inPool = 0, candHits = 0, rankHits = 0;
        for (int t : split.testUsers()) {
          String userId = all.users().id(t);
          String target = all.items().id(split.testItems(t)[0]);
          int u = train.users().indexOf(userId);
          users++;
          if (u < 0) continue;
          int n = history.length(u);
          long now = atEnd ? globalLast + 60_000 : history.timestamp(u, n - 1) + 1;
          UserState user = UserState.ofSequence(userId, history, u, n, stored.get(userId), now);
          RetrievalResult r = pipeline.retrieve(candidates, user, RetrievalRequest.of(CascadeEvaluation.CANDIDATES));
          for (int i = 0; i < r.candidates().size(); i++) {
            if (r.candidates().get(i).itemId().equals(target)) {
              inPool++;
              if (i < 10) candHits++;
            }
          }
          List<RankRequest.Candidate> input = CascadeEvaluation.rankCandidates(r.candidates(), !Boolean.getBoolean("noSourceScores"));
          List<HistoryEntry> entries = CascadeEvaluation.historyEntries(history, u, train.items(), Integer.MAX_VALUE);
          List<String> order = new ArrayList<>();
          if (System.getProperty("rankUrl") != null) {
            StringBuilder body = new StringBuilder("{\"userId\":\"" + userId + "\",\"candidates\":[");
            for (int i = 0; i < input.size(); i++) {
              RankRequest.Candidate c = input.get(i);
              body.append(i == 0 ? "" : ",").append("{\"itemId\":\"").append(c.itemId()).append("\",\"score\":").append(c.score())
                  .append(",\"sources\":[");
              for (int k = 0; k < c.sources().size(); k++) body.append(k == 0 ? "" : ",").append('"').append(c.sources().get(k)).append('"');
              body.append("],\"sourceScores\":{");
              int k = 0;
              for (Map.Entry<String, Double> e : c.sourceScores().entrySet()) body.append(k++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
              body.append("}}");
            }
            body.append("]}");
            var resp = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(System.getProperty("rankUrl") + "/internal/rank"))
                .header("X-API-Key", System.getProperty("rankKey")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            for (var item : JSON.readTree(resp.body()).get("items")) order.add(item.get("itemId").asString());
          } else {
            Ranked ranked = ranker.rank(new RankInput(userId, entries, input, null, now));
            for (var x : ranked.items()) order.add(x.itemId());
          }
          for (int i = 0; i < Math.min(10, order.size()); i++) if (order.get(i).equals(target)) rankHits++;
        }
        System.out.printf("%s%s: %d users, pool recall %.4f, candidate HR@10 %.4f, ranked HR@10 %.4f%n", stored.isEmpty() ? "" : "stored mixtures, ", atEnd ? "now = data end" : "now = user's last event",
            users, (double) inPool / users, (double) candHits / users, (double) rankHits / users);
      }
    }
  }
}
