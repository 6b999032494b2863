package io.recsys.evaluation.serve;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.RowErrors;
import io.recsys.evaluation.baseline.RecommendationFile;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two Java steps of {@code ./recsys eval --serve}, which the launcher runs around a started stack:
 * {@code prepare} splits the data leave-last-out exactly as {@code ./recsys eval} does and writes the
 * training part (every held-out interaction removed, so the stack never sees a test target) and the
 * test users; {@code replay} asks the running gateway for each test user's recommendations through the
 * public API and writes them as the {@code userId,itemId,rank} file {@code ./recsys eval --recs}
 * scores, plus the funnel behind each answer (with {@code explain=true} the gateway says which
 * candidates retrieval returned and how the ranker ordered them); {@code funnel} scores that funnel:
 * the held-out item's recall after each stage. Nothing about the test targets reaches the stack but the
 * user ids.
 */
@Command(name = "eval-serve", mixinStandardHelpOptions = true, subcommands = {ServedEvalCommand.Prepare.class, ServedEvalCommand.Replay.class,
    ServedEvalCommand.FunnelStep.class},
    description = "Steps of ./recsys eval --serve: prepare (split, write the training part), replay (ask the gateway), funnel (recall per stage).")
public final class ServedEvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(CliErrorHandler.commandLine(new ServedEvalCommand()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** The test users' file: one user id per line, in the split's order. */
  public static final String TEST_USERS = "test-users.txt";
  /** Beside the recommendations CSV {@code X.csv}: the candidate pools, as {@code X-candidates.csv}. */
  static final String CANDIDATES_SUFFIX = "-candidates.csv";
  /** ... the pools in ranked order, as {@code X-ranked.csv}. */
  static final String RANKED_SUFFIX = "-ranked.csv";
  /** ... and per user the degraded stages ({@code userId,stages}, stages joined by ';'), as {@code X-degraded.csv}. */
  static final String DEGRADED_SUFFIX = "-degraded.csv";

  static Path sibling(Path recs, String suffix) {
    String name = recs.getFileName().toString();
    return recs.resolveSibling((name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name) + suffix);
  }

  /** The dataset and the split, shared by the steps that split it (prepare, funnel): both must split alike. */
  static final class SplitOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset directory (any format ./recsys import reads)")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "force the dataset format instead of detecting it")
    String format;

    @Option(names = "--min-interactions", defaultValue = "5", description = "drop users with fewer distinct items (default ${DEFAULT-VALUE}, as eval)")
    int minInteractions;

    Dataset load() throws IOException {
      return Datasets.load(data, format == null ? null : DatasetFormat.parse(format), ErrorPolicy.FAIL);
    }

    Split split(Dataset all) {
      UserSequences seqs = UserSequences.of(all, UserSequences.defaultPositiveTypes(), ItemOrder.of(all.items()));
      return SplitProtocol.LEAVE_LAST_OUT.split(seqs, minInteractions, 0, 0);
    }
  }

  @Command(name = "prepare", mixinStandardHelpOptions = true,
      description = "Splits --data leave-last-out (as ./recsys eval does) and writes the training part to OUT/train and the test users to OUT/" + TEST_USERS + ".")
  static final class Prepare implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin SplitOptions input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the training part and the test users go")
    Path out;

    @Option(names = "--no-time-shift", description = "keep the data's timestamps (default: shift them so that the last event was a minute ago)")
    boolean noTimeShift;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      Dataset all = input.load();
      Split split = input.split(all);
      int[] heldOut = new int[all.users().size()];
      Arrays.fill(heldOut, -1);
      for (int u : split.testUsers()) heldOut[u] = split.testItems(u)[0];
      // Every interaction of a test user with the held-out item goes, not only the last one: an
      // earlier view of the same item would tell the models the answer.
      Dataset train = all.filter(row -> heldOut[all.userIndex(row)] != all.itemIndex(row));
      Path trainDir = out.resolve("train");
      Files.createDirectories(trainDir);
      // The served stack computes recency from the wall clock, as it must in production. Replayed as
      // they are, 1998's ratings would reach it 28 years stale, a state the offline protocol (which
      // scores each user as of their last event) never sees. Moving the time origin so that the last
      // event was a minute ago keeps every order and every gap, and tells the stack nothing new.
      long last = Long.MIN_VALUE;
      for (int row = 0; row < train.size(); row++) last = Math.max(last, train.interaction(row).timestampMillis());
      long shift = noTimeShift || train.size() == 0 ? 0 : System.currentTimeMillis() - 60_000 - last;
      try (CanonicalDatasetWriter w = new CanonicalDatasetWriter(trainDir)) {
        for (int i = 0; i < train.items().size(); i++) if (train.itemMetadata(i) != null) w.item(train.itemMetadata(i));
        for (int u = 0; u < train.users().size(); u++) if (train.userMetadata(u) != null) w.user(train.userMetadata(u));
        for (int row = 0; row < train.size(); row++) {
          Interaction i = train.interaction(row);
          w.interaction(shift == 0 ? i : new Interaction(i.userId(), i.itemId(), i.type(), i.value(), i.timestampMillis() + shift));
        }
      }
      if (shift != 0) err.printf("timestamps shifted by %.1f days: the last training event is a minute before now%n", shift / 86_400_000.0);
      try (BufferedWriter w = Files.newBufferedWriter(out.resolve(TEST_USERS))) {
        for (int u : split.testUsers()) {
          w.write(all.users().id(u));
          w.newLine();
        }
      }
      err.printf("%d interactions, %d users, %d items; %d test users; training part (%d interactions) in %s%n", all.size(),
          all.users().size(), all.items().size(), split.testUsers().length, train.size(), trainDir);
      return 0;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Asks the gateway for each test user's recommendations and writes them as CSV userId,itemId,rank.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "FILE", description = "one user id per line (prepare's " + TEST_USERS + ")")
    Path users;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "the gateway, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "the gateway's API key (default: RECSYS_API_KEY)")
    String apiKey;

    @Option(names = "--count", defaultValue = "10", description = "items per user (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--concurrency", defaultValue = "2", description = "requests in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--warm-up", defaultValue = "60s", paramLabel = "DURATION",
        description = "before replaying, ask for the first user until five answers in a row are complete, at most this long (default ${DEFAULT-VALUE}; 0s: none)")
    String warmUp;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the recommendations CSV")
    Path out;

    private record Answer(String userId, List<String> items, List<String> degraded, List<String> candidates, List<String> ranked,
        int status, long nanos, String error) {
      static Answer failed(String userId, int status, long nanos, String error) {
        return new Answer(userId, List.of(), List.of(), List.of(), List.of(), status, nanos, error);
      }
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      String key = apiKey != null ? apiKey : System.getenv().getOrDefault("RECSYS_API_KEY", "");
      if (count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count must be >= 1: " + count);
      if (concurrency < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be >= 1: " + concurrency);
      List<String> ids = new ArrayList<>();
      for (String line : Files.readAllLines(users)) if (!line.isBlank()) ids.add(line.strip());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      JsonMapper json = JsonMapper.builder().build();
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      warmUp(http, json, base, key, ids.isEmpty() ? null : ids.getFirst(), err);
      List<Answer> answers = new ArrayList<>(ids.size());
      try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
        List<Future<Answer>> pending = new ArrayList<>(ids.size());
        for (String id : ids) pending.add(pool.submit(() -> ask(http, json, base, key, id)));
        for (int i = 0; i < pending.size(); i++) {
          answers.add(pending.get(i).get());
          if ((i + 1) % 200 == 0 || i + 1 == pending.size()) err.printf("  %d/%d users asked%n", i + 1, pending.size());
        }
      }
      int failed = 0;
      Map<String, Integer> degraded = new TreeMap<>();
      long[] nanos = new long[answers.size()];
      try (BufferedWriter w = Files.newBufferedWriter(out);
          BufferedWriter wc = Files.newBufferedWriter(sibling(out, CANDIDATES_SUFFIX));
          BufferedWriter wr = Files.newBufferedWriter(sibling(out, RANKED_SUFFIX));
          BufferedWriter wd = Files.newBufferedWriter(sibling(out, DEGRADED_SUFFIX))) {
        for (BufferedWriter x : List.of(w, wc, wr)) {
          x.write("userId,itemId,rank");
          x.newLine();
        }
        wd.write("userId,stages");
        wd.newLine();
        for (int i = 0; i < answers.size(); i++) {
          Answer a = answers.get(i);
          nanos[i] = a.nanos();
          if (a.status() != 200) {
            if (failed++ < 5) err.printf("  %s: %s%n", a.userId(), a.error());
            continue;
          }
          for (String stage : a.degraded()) degraded.merge(stage, 1, Integer::sum);
          writeList(w, a.userId(), a.items());
          writeList(wc, a.userId(), a.candidates());
          writeList(wr, a.userId(), a.ranked());
          wd.write(csv(a.userId()) + "," + String.join(";", a.degraded()));
          wd.newLine();
        }
      }
      Arrays.sort(nanos);
      err.printf("%d users asked, %d answered 200, %d failed; degraded answers by stage: %s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          answers.size(), answers.size() - failed, failed, degraded.isEmpty() ? "none" : degraded, pct(nanos, 0.50), pct(nanos, 0.99),
          nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6);
      return failed == 0 ? 0 : 1;
    }

    /**
     * Cold JVMs answer their first calls slower than the stages' budgets, so the first answers come
     * back degraded; the evaluation measures the warm cascade, and says when it could not get one.
     */
    private void warmUp(HttpClient http, JsonMapper json, String base, String key, String userId, PrintWriter err) throws InterruptedException {
      Duration limit = Duration.parse("PT" + warmUp.toUpperCase(Locale.ROOT));
      if (userId == null || limit.isZero()) return;
      long deadline = System.nanoTime() + limit.toNanos();
      int clean = 0;
      int asked = 0;
      while (clean < 5 && System.nanoTime() < deadline) {
        Answer a = ask(http, json, base, key, userId);
        asked++;
        clean = a.status() == 200 && a.degraded().isEmpty() ? clean + 1 : 0;
        if (clean < 5) Thread.sleep(300);
      }
      err.printf(clean >= 5 ? "  warm after %d requests%n" : "  still degraded after %d warm-up requests: the answers below may come from fallbacks%n", asked);
    }

    private Answer ask(HttpClient http, JsonMapper json, String base, String key, String userId) {
      long t0 = System.nanoTime();
      try {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/recommendations?userId="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&count=" + count + "&explain=true"))
            .header("X-API-Key", key).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        if (r.statusCode() != 200) return Answer.failed(userId, r.statusCode(), took, r.statusCode() + " " + r.body());
        JsonNode body = json.readTree(r.body());
        List<String> items = new ArrayList<>();
        for (JsonNode item : body.get("items")) items.add(item.get("itemId").asString());
        List<String> degraded = new ArrayList<>();
        for (JsonNode d : body.get("degraded")) degraded.add(d.asString());
        JsonNode funnel = body.get("funnel");
        return new Answer(userId, items, degraded, strings(funnel == null ? null : funnel.get("candidates")),
            strings(funnel == null ? null : funnel.get("ranked")), 200, took, null);
      } catch (IOException | RuntimeException e) {
        return Answer.failed(userId, 0, System.nanoTime() - t0, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Answer.failed(userId, 0, System.nanoTime() - t0, "interrupted");
      }
    }

    private static List<String> strings(JsonNode array) {
      List<String> out = new ArrayList<>();
      if (array != null) for (JsonNode x : array) out.add(x.asString());
      return out;
    }

    private static void writeList(BufferedWriter w, String userId, List<String> items) throws IOException {
      for (int r = 0; r < items.size(); r++) {
        w.write(csv(userId) + "," + csv(items.get(r)) + "," + (r + 1));
        w.newLine();
      }
    }

    private static double pct(long[] sorted, double q) {
      if (sorted.length == 0) return 0;
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String csv(String v) {
      return v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 ? v : '"' + v.replace("\"", "\"\"") + '"';
    }
  }

  /**
   * The funnel of a replay: per test user, whether the held-out item survived each stage — among the
   * candidates retrieval returned, in the top K of the ranked pool, in the top K served — scored like
   * {@code ./recsys eval} scores lists (the user's training items dropped before cutting at K). Also
   * HR@K over the complete answers alone, so a reader sees whether degraded answers moved the total.
   */
  @Command(name = "funnel", mixinStandardHelpOptions = true,
      description = "Recall of the held-out item after retrieval, ranking and rerank, from replay's files.")
  static final class FunnelStep implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin SplitOptions input;

    @Option(names = "--recs", required = true, paramLabel = "FILE", description = "replay's recommendations CSV (its -candidates, -ranked and -degraded files beside it)")
    Path recs;

    @Option(names = "--k", defaultValue = "10", description = "cut-off (default ${DEFAULT-VALUE})")
    int k;

    @Override
    public Integer call() throws IOException {
      if (k < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--k must be >= 1: " + k);
      PrintWriter out = spec.commandLine().getOut();
      Dataset all = input.load();
      Split split = input.split(all);
      UserSequences train = split.train();
      RowErrors errors = new RowErrors(ErrorPolicy.FAIL);
      RecommendationFile served = RecommendationFile.read(recs, all, train, errors);
      RecommendationFile candidates =
          RecommendationFile.read(sibling(recs, CANDIDATES_SUFFIX), all, train, errors);
      RecommendationFile ranked =
          RecommendationFile.read(sibling(recs, RANKED_SUFFIX), all, train, errors);
      // userId,stages: a complete answer has no stages after the last comma.
      Set<String> complete = new HashSet<>();
      List<String> lines = Files.readAllLines(sibling(recs, DEGRADED_SUFFIX));
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        int comma = line.lastIndexOf(',');
        if (comma > 0 && comma == line.length() - 1) complete.add(unquote(line.substring(0, comma)));
      }
      int[] buffer = new int[Math.max(k, all.items().size())];
      int users = 0, inCandidates = 0, inRanked = 0, inServed = 0, completeUsers = 0, completeHits = 0;
      long candidateCount = 0;
      for (int u : split.testUsers()) {
        int target = split.testItems(u)[0];
        users++;
        int n = candidates.recommend(u, buffer.length, buffer);
        candidateCount += n;
        if (contains(buffer, n, target)) inCandidates++;
        if (contains(buffer, ranked.recommend(u, k, buffer), target)) inRanked++;
        boolean hit = contains(buffer, served.recommend(u, k, buffer), target);
        if (hit) inServed++;
        if (complete.contains(all.users().id(u))) {
          completeUsers++;
          if (hit) completeHits++;
        }
      }
      out.printf(Locale.ROOT, "funnel: recall of the held-out item, %d test users%n", users);
      out.printf(Locale.ROOT, "  after retrieval (all candidates, %.0f per user on average)  %.4f%n",
          users == 0 ? 0.0 : (double) candidateCount / users, ratio(inCandidates, users));
      out.printf(Locale.ROOT, "  after ranking (ranked top %d)%s %.4f%n", k, " ".repeat(Math.max(1, 26 - Integer.toString(k).length())),
          ratio(inRanked, users));
      out.printf(Locale.ROOT, "  after rerank (served top %d)%s %.4f%n", k, " ".repeat(Math.max(1, 27 - Integer.toString(k).length())),
          ratio(inServed, users));
      out.printf(Locale.ROOT, "  served HR@%d over the %d complete answers (no stage degraded): %.4f%n", k, completeUsers,
          ratio(completeHits, completeUsers));
      return 0;
    }

    private static boolean contains(int[] list, int n, int item) {
      for (int i = 0; i < n; i++) if (list[i] == item) return true;
      return false;
    }

    private static double ratio(int a, int b) {
      return b == 0 ? 0 : (double) a / b;
    }

    private static String unquote(String v) {
      return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1).replace("\"\"", "\"") : v;
    }
  }
}
