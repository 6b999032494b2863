package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserPopulationTest {
  private static final SyntheticConfig CONFIG = SizePreset.TINY.config().withUsers(2000).withEvents(20_000);
  private final Catalog catalog = Catalog.generate(CONFIG);
  private final UserPopulation population = new UserPopulation(CONFIG, catalog);

  @Test
  void usersHaveOneToKDistinctInterestsWithWeightsSummingToOne() {
    int k = CONFIG.model().maxInterests();
    int[] byCount = new int[k + 1];
    for (int u = 0; u < CONFIG.users(); u++) {
      UserProfile p = population.profile(u);
      assertThat(p.userId()).isEqualTo("u" + u);
      assertThat(p.interests()).hasSizeBetween(1, k);
      Set<Integer> topics = new HashSet<>();
      double sum = 0;
      for (Interest i : p.interests()) {
        assertThat(topics.add(i.topic())).isTrue();
        assertThat(i.topic()).isBetween(0, CONFIG.topics() - 1);
        sum += i.weight();
      }
      assertThat(sum).isCloseTo(1, offset(1e-9));
      byCount[p.interests().size()]++;
    }
    for (int n = 1; n <= k; n++) {
      assertThat((double) byCount[n] / CONFIG.users()).as("users with %d interests", n).isCloseTo(1.0 / k,
          offset(0.05));
    }
  }

  @Test
  void interestTopicsFollowTopicPopularity() {
    int[] chosen = new int[CONFIG.topics()];
    for (int u = 0; u < CONFIG.users(); u++) {
      UserProfile p = population.profile(u);
      if (p.interests().size() == 1) chosen[p.interests().get(0).topic()]++;
    }
    int singles = 0;
    for (int c : chosen) singles += c;
    for (int t = 0; t < CONFIG.topics(); t++) {
      double w = catalog.topicWeight(t);
      assertThat((double) chosen[t] / singles).as("topic %d", t).isCloseTo(w, offset(4 * Math.sqrt(w / singles)));
    }
  }

  @Test
  void aUserIsTheSameWhenRegeneratedAlone() {
    UserProfile p = population.profile(1234);
    assertThat(new UserPopulation(CONFIG, catalog).profile(1234)).isEqualTo(p);
    assertThat(population.profile(1235)).isNotEqualTo(p);
  }

  @Test
  void activityIsLogNormalWithTheConfiguredSpread() {
    double sum = 0;
    double sq = 0;
    for (int u = 0; u < CONFIG.users(); u++) {
      double log = Math.log(population.activity(u));
      sum += log;
      sq += log * log;
    }
    double mean = sum / CONFIG.users();
    assertThat(mean).isCloseTo(0, offset(0.1));
    assertThat(Math.sqrt(sq / CONFIG.users() - mean * mean)).isCloseTo(CONFIG.model().activitySpread(), offset(0.1));
  }

  @Test
  void rejectsAUserIndexOutsideThePopulation() {
    assertThatThrownBy(() -> population.profile(CONFIG.users())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2000");
  }
}
