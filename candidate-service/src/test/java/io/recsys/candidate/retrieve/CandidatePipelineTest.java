package io.recsys.candidate.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.testing.PlantedData;
import io.recsys.candidate.testing.TrainedFixture;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidatePipelineTest {
  private final TrainedFixture f = TrainedFixture.get();
  private final CandidateModel model = f.trained.model();
  private final CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());

  /** User u's whole history, newest first, as the service would read it. */
  private UserState user(int u) {
    int n = f.sequences.length(u);
    return UserState.ofSequence("u" + u, f.sequences, u, n, null, f.sequences.timestamp(u, n - 1) + 1);
  }

  @Test
  void neverReturnsSeenOrExcludedItemsAndCarriesProvenance() {
    UserState u = user(3);
    String excluded = model.catalog().id(model.popularity().order()[0]);
    RetrievalResult r = pipeline.retrieve(model, u, new RetrievalRequest(50, Set.of(), Set.of(excluded), Strategy.MIXED));
    assertThat(r.candidates()).hasSize(50);
    Set<Integer> seen = new HashSet<>();
    for (int row : u.rows()) seen.add(row);
    for (Candidate c : r.candidates()) {
      assertThat(seen).doesNotContain(c.row());
      assertThat(c.itemId()).isNotEqualTo(excluded);
      assertThat(c.sources()).isNotEmpty();
      assertThat(c.sourceScores()).isNotEmpty();
    }
    assertThat(r.candidates()).extracting(Candidate::itemId).doesNotHaveDuplicates();
    List<Double> scores = r.candidates().stream().map(Candidate::score).toList();
    assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(r.modelVersion()).isEqualTo("fixture");
  }

  @Test
  void mixedResultsDrawOnEverySourceAndNameClustersAndTriggers() {
    RetrievalResult r = pipeline.retrieve(model, user(5), RetrievalRequest.of(60));
    List<String> tags = new ArrayList<>();
    r.candidates().forEach(c -> tags.addAll(c.sources()));
    assertThat(tags).anyMatch(t -> t.startsWith("knn-embed:cluster-"));
    assertThat(tags).anyMatch(t -> t.startsWith("pi2i:trigger-"));
    assertThat(r.claimedBySource()).containsKeys("knn-embed", "pi2i", "popular");
    // The pi2i trigger named is one of the user's own items.
    Set<String> history = new HashSet<>();
    for (int row : user(5).rows()) history.add(model.catalog().id(row));
    tags.stream().filter(t -> t.startsWith("pi2i:trigger-"))
        .forEach(t -> assertThat(history).contains(t.substring("pi2i:trigger-".length())));
  }

  @Test
  void unknownUserIsServedOnTheColdStartPath() {
    RetrievalResult r = pipeline.retrieve(model, UserState.cold("nobody", 0), RetrievalRequest.of(30));
    assertThat(r.candidates()).hasSize(30);
    assertThat(r.reason()).isNull();
    // Cold kNN-Embed queries cluster centroids: several interests are represented, not just the top sellers.
    Set<String> categories = new HashSet<>();
    r.candidates().forEach(c -> categories.addAll(List.of(model.catalog().categories(c.row()))));
    assertThat(categories).hasSizeGreaterThan(2);
  }

  @Test
  void categoryFilterKeepsOnlyMatchingItems() {
    RetrievalResult r = pipeline.retrieve(model, user(1), new RetrievalRequest(20, Set.of("cat2"), Set.of(), Strategy.MIXED));
    assertThat(r.candidates()).isNotEmpty();
    r.candidates().forEach(c -> assertThat(model.catalog().categories(c.row())).contains("cat2"));
  }

  @Test
  void filtersMatchingNothingGiveAnEmptyListWithAReason() {
    RetrievalResult r = pipeline.retrieve(model, user(1), new RetrievalRequest(20, Set.of("no-such-genre"), Set.of(), Strategy.MIXED));
    assertThat(r.candidates()).isEmpty();
    assertThat(r.reason()).contains("no-such-genre");
  }

  @Test
  void askingForMoreThanTheCatalogueHoldsSaysHowManyWereAdmissible() {
    UserState u = user(2);
    RetrievalResult r = pipeline.retrieve(model, u, RetrievalRequest.of(model.catalog().size()));
    assertThat(r.candidates().size()).isPositive().isLessThanOrEqualTo(model.catalog().size() - u.historySize());
    assertThat(r.reason()).isEqualTo("only " + r.candidates().size() + " items are admissible for this request");
  }

  @Test
  void aSourceThatFailsOpenIsReportedAndTheOthersServe() {
    CandidateSource broken = new CandidateSource() {
      @Override public String name() { return "broken"; }
      @Override public SourceResult fetch(RetrievalContext context, int k) { throw new IllegalStateException("boom"); }
      @Override public String tag(int detail, RetrievalContext context) { return "broken"; }
    };
    Map<Strategy, List<SourceStep>> steps = new EnumMap<>(Strategy.class);
    for (Strategy s : Strategy.values()) {
      steps.put(s, List.of(new SourceStep(broken, 0.5, FailurePolicy.FAIL_OPEN), new SourceStep(new PopularSource(), 0.5, FailurePolicy.FAIL_CLOSED)));
    }
    RetrievalResult r = new CandidatePipeline(steps).retrieve(model, user(0), RetrievalRequest.of(10));
    assertThat(r.degraded()).containsExactly("broken");
    assertThat(r.candidates()).hasSize(10);

    steps.replaceAll((s, l) -> List.of(new SourceStep(broken, 1, FailurePolicy.FAIL_CLOSED)));
    assertThatThrownBy(() -> new CandidatePipeline(steps).retrieve(model, user(0), RetrievalRequest.of(10)))
        .hasMessageContaining("boom");
  }

  @Test
  void knnEmbedGivesEveryInterestOfAMixedUserItsShare() {
    // User 0 prefers two groups; kNN-Embed's candidates cover both, a single-vector query leans to one.
    int[] pref = PlantedData.standard().preferred(0);
    RetrievalResult r = pipeline.retrieve(model, user(0), RetrievalRequest.of(20).withStrategy(Strategy.KNN_EMBED));
    Set<String> cats = new HashSet<>();
    r.candidates().forEach(c -> cats.addAll(List.of(model.catalog().categories(c.row()))));
    assertThat(cats).contains("cat" + pref[0], "cat" + pref[1]);
  }
}
