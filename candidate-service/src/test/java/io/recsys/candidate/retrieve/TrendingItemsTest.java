package io.recsys.candidate.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.testing.TrainedFixture;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.memory.InMemoryData;
import io.recsys.featurestore.store.memory.InMemoryFeatureStore;
import io.recsys.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendingItemsTest {
  private final CandidateModel model = TrainedFixture.get().trained.model();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
  private final InMemoryFeatureStore store = InMemoryFeatureStore.open(new InMemoryData(), FeatureStoreConfig.defaults(), clock);

  @Test
  void itemsWithLiveEngagementLeadThePopularSourceAndTheRestKeepTrainingOrder() {
    TrendingItems trending = new TrendingItems(store, 1000);
    int[] training = model.popularity().order();
    int quiet = training[training.length / 2]; // a middling item in training popularity
    assertThat(trending.order(model)).isEqualTo(training); // before any refresh
    store.countItemEvents(List.of(new CounterUpdate(model.catalog().id(quiet), ItemCounter.CLICKS, 50, clock.millis())));

    assertThat(trending.refresh(model)).isEqualTo(1);
    int[] live = trending.order(model);
    assertThat(live[0]).isEqualTo(quiet);
    assertThat(live).hasSize(training.length).doesNotHaveDuplicates();
    RetrievalResult r = CandidatePipeline.standard(RetrievalConfig.defaults(), trending.source())
        .retrieve(model, UserState.cold("new", clock.millis()), RetrievalRequest.of(5).withStrategy(Strategy.POPULAR));
    assertThat(r.candidates().getFirst().row()).isEqualTo(quiet);
  }
}
