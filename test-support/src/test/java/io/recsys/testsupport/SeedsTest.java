package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class SeedsTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty(Seeds.REPLAY_PROPERTY);
    System.clearProperty(Seeds.BASE_PROPERTY);
  }

  @Test
  void aTestGetsTheSameSeedsOnEveryRunAndAnotherTestOthers() {
    List<Long> first = Seeds.of("A#m", 50).boxed().toList();

    assertThat(first).hasSize(50).doesNotHaveDuplicates();
    assertThat(Seeds.of("A#m", 50).boxed().toList()).isEqualTo(first);
    assertThat(Seeds.of("A#other", 50).boxed().toList()).doesNotContainAnyElementsOf(first);
  }

  @Test
  void theReplayPropertyRunsExactlyThatSeed() {
    System.setProperty(Seeds.REPLAY_PROPERTY, "-1234567890123");

    assertThat(Seeds.of("A#m", 1000).boxed().toList()).containsExactly(-1234567890123L);
  }

  @Test
  void anotherBaseGivesOtherSeeds() {
    List<Long> usual = Seeds.of("A#m", 20).boxed().toList();
    System.setProperty(Seeds.BASE_PROPERTY, "42");

    assertThat(Seeds.of("A#m", 20).boxed().toList()).hasSize(20).doesNotContainAnyElementsOf(usual);
  }

  @Test
  void aFailingCheckNamesTheSeedTheCaseAndTheReplayCommand() {
    AssertionError original = new AssertionError("expected 3 but was 4");

    assertThatThrownBy(() -> Seeds.check(77, List.of("a", "b"), () -> {
      throw original;
    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed=77 case=[a, b]")
        .hasMessageContaining("-Dtest=SeedsTest#aFailingCheckNamesTheSeedTheCaseAndTheReplayCommand -Drecsys.seed=77")
        .hasMessageContaining("expected 3 but was 4")
        .hasCause(original);
  }

  @Test
  void anExceptionInTheCheckedCodeIsReportedWithTheSeedToo() {
    assertThatThrownBy(() -> Seeds.check(5, "case", () -> {
      throw new IllegalStateException("bug");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("seed=5 case=case").hasMessageContaining("IllegalStateException: bug");
  }

  @Test
  void aPassingCheckIsSilent() {
    Seeds.check(1, "case", () -> assertThat(1).isEqualTo(1));
  }

  @Test
  void aSeedSourceTestRunsOncePerSeedEachInvocationNamedAfterItsSeed() {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwentyFiveSeeds.class)).execute().testEvents();

    events.assertStatistics(stats -> stats.started(25).succeeded(25));
    List<String> expected = Seeds.of(TwentyFiveSeeds.class.getName() + "#run", 25).mapToObj(seed -> "seed=" + seed).toList();
    assertThat(events.started().map(e -> e.getTestDescriptor().getDisplayName()).toList()).isEqualTo(expected);
  }

  @Test
  void withTheReplayPropertyASeedSourceTestRunsOnlyThatSeed() {
    System.setProperty(Seeds.REPLAY_PROPERTY, "99");

    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwentyFiveSeeds.class)).execute().testEvents();

    events.assertStatistics(stats -> stats.started(1).succeeded(1));
    assertThat(events.started().map(e -> e.getTestDescriptor().getDisplayName()).toList()).containsExactly("seed=99");
  }

  @Test
  void aFailingSeededTestReportsEachFailingSeedWithItsCase() {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailsOnOddSeeds.class)).execute().testEvents();

    long odd = Seeds.of(FailsOnOddSeeds.class.getName() + "#run", 40).filter(seed -> (seed & 1) == 1).count();
    assertThat(odd).isPositive();
    events.assertStatistics(stats -> stats.started(40).failed(odd).succeeded(40 - odd));
    events.failed().stream().forEach(e -> {
      String name = e.getTestDescriptor().getDisplayName();
      long seed = Long.parseLong(name.substring("seed=".length()));
      String message = e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
      assertThat(message).contains("seed=" + seed + " case=" + (seed % 1000), "-Drecsys.seed=" + seed);
    });
  }

  /** Run by the tests above through the engine test kit, not by surefire (a nested class). */
  static class TwentyFiveSeeds {
    @ParameterizedTest(name = "seed={0}")
    @SeedSource(tries = 25)
    void run(long seed) {
      // passes for every seed
    }
  }

  /** Run by the tests above through the engine test kit, not by surefire (a nested class). */
  static class FailsOnOddSeeds {
    @ParameterizedTest(name = "seed={0}")
    @SeedSource(tries = 40)
    void run(long seed) {
      long generated = seed % 1000;
      Seeds.check(seed, generated, () -> assertThat(seed & 1).isZero());
    }
  }
}
