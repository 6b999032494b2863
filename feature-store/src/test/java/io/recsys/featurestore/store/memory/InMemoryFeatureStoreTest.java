package io.recsys.featurestore.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.AdmissionFilter;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureStoreContract;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

class InMemoryFeatureStoreTest extends FeatureStoreContract {
  private final InMemoryData data = new InMemoryData();
  /** One filter per configuration, as Redis keeps one admission count per item whoever asks. */
  private final Map<AdmissionConfig, InMemoryAdmissionFilter> filters = new HashMap<>();

  @Override
  protected FeatureStore openStore(FeatureStoreConfig config, MutableClock clock) {
    return InMemoryFeatureStore.open(data, config, clock);
  }

  @Override
  protected AdmissionFilter admissionFilter(AdmissionConfig config, MutableClock clock) {
    return filters.computeIfAbsent(config, c -> new InMemoryAdmissionFilter(c, clock));
  }

  @Override
  protected RealtimeFeatureWriter realtimeWriter(FeatureStoreConfig config, RealtimeConfig realtime, MutableClock clock) {
    return new InMemoryRealtimeFeatureWriter(data, config, realtime,
        (InMemoryAdmissionFilter) admissionFilter(realtime.admission(), clock), clock);
  }

  @Override
  protected void assertNothingLeftOfUser(String userId) {
    assertThat(data.holdsUser(userId)).as("in-memory state of %s", userId).isFalse();
  }

  @Override
  protected void assertUserExpiresBetween(String userId, Duration atLeast, Duration atMost) {
    Instant saved = clock.instant();
    Instant realNow = Instant.ofEpochMilli(System.currentTimeMillis());
    clock.set(realNow.plus(atLeast).minusSeconds(1));
    assertThat(store.user(userId, 10).present()).as("%s still present just before %s", userId, atLeast).isTrue();
    clock.set(realNow.plus(atMost).plusSeconds(1));
    assertThat(store.user(userId, 10).present()).as("%s gone just after %s", userId, atMost).isFalse();
    clock.set(saved);
  }
}
