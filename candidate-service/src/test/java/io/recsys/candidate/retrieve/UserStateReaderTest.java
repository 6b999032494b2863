package io.recsys.candidate.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.testing.TrainedFixture;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.memory.InMemoryData;
import io.recsys.featurestore.store.memory.InMemoryFeatureStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserStateReaderTest {
  private final TrainedFixture f = TrainedFixture.get();
  private final CandidateModel model = f.trained.model();
  private final CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final int[] popular = model.popularity().order();

  /**
   * The user engaged long ago with the five most popular items (one more only as an impression), then
   * recently with three others: the recent three are inside the models' window, the old five are not.
   */
  private InMemoryFeatureStore storeWithLongHistory() {
    InMemoryFeatureStore store = InMemoryFeatureStore.open(new InMemoryData(), FeatureStoreConfig.defaults(), clock);
    List<HistoryEntry> oldestFirst = new ArrayList<>();
    long t = clock.millis() - 100_000;
    for (int i = 0; i < 5; i++) oldestFirst.add(new HistoryEntry(id(popular[i]), InteractionType.CLICK, t++));
    oldestFirst.add(new HistoryEntry(id(popular[5]), InteractionType.IMPRESSION, t++));
    for (int i = 0; i < 3; i++) oldestFirst.add(new HistoryEntry(id(popular[popular.length - 1 - i]), InteractionType.CLICK, t++));
    store.appendHistory("u-long", oldestFirst);
    return store;
  }

  private String id(int row) {
    return model.catalog().id(row);
  }

  private List<String> retrieve(UserStateReader reader) {
    UserState user = reader.read("u-long", model.catalog()).user();
    return pipeline.retrieve(model, user, RetrievalRequest.of(model.catalog().size())).candidates().stream()
        .map(Candidate::itemId).toList();
  }

  @Test
  void itemsEngagedBeforeTheModelsWindowAreNeverReturned() {
    try (InMemoryFeatureStore store = storeWithLongHistory()) {
      UserStateReader reader = new UserStateReader(store, 3, FeatureStoreConfig.DEFAULT_HISTORY_CAP, clock);
      UserStateReader.Read read = reader.read("u-long", model.catalog());
      // The models see the newest three entries (all clicks); the seen filter covers all eight engagements.
      assertThat(read.user().historySize()).isEqualTo(3);
      assertThat(read.user().seenRows()).hasSize(8);
      List<String> returned = retrieve(reader);
      assertThat(returned).isNotEmpty().doesNotContain(id(popular[0]), id(popular[1]), id(popular[2]), id(popular[3]), id(popular[4]));
      // An impression is not an engagement: the item stays eligible.
      assertThat(returned).contains(id(popular[5]));
    }
  }

  @Test
  void aSeenWindowNoWiderThanTheModelsLetsOlderItemsBack() {
    // The control for the test above: with the seen filter cut to the models' window (the old
    // behaviour), the most popular items the user engaged with long ago come back.
    try (InMemoryFeatureStore store = storeWithLongHistory()) {
      List<String> returned = retrieve(new UserStateReader(store, 4, 4, clock));
      assertThat(returned).contains(id(popular[0]), id(popular[1]));
    }
  }

  @Test
  void refusesASeenWindowNarrowerThanTheModelsHistory() {
    try (InMemoryFeatureStore store = storeWithLongHistory()) {
      assertThatThrownBy(() -> new UserStateReader(store, 10, 5, clock)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("historyLimit <= seenLimit");
    }
  }
}
