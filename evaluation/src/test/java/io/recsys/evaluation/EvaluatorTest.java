package io.recsys.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.evaluation.baseline.Baseline;
import io.recsys.evaluation.metrics.IntraListDiversity;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.Dataset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  @Test
  void givesTheSameResultOnOneThreadAndOnMany() {
    Random r = new Random(5);
    Interactions b = Interactions.create();
    for (int u = 0; u < 400; u++) {
      for (int t = 0; t < 8; t++) b.click("u" + u, "i" + r.nextInt(60), t);
    }
    for (int i = 0; i < 60; i++) b.item("i" + i, "c" + (i % 4));
    Dataset data = b.build();
    ItemOrder order = ItemOrder.of(data.items());
    Split split = SplitProtocol.LEAVE_LAST_OUT.split(
        UserSequences.of(data, UserSequences.defaultPositiveTypes(), order), 2, 0, 0);
    IntraListDiversity diversity = IntraListDiversity.ofItemCategories(data, null);
    for (Baseline baseline : Baseline.values()) {
      var one = new Evaluator(new int[] {5, 20}, 5, diversity, 1)
          .evaluate(split, baseline.create(split.train(), order), n -> {});
      var four = new Evaluator(new int[] {5, 20}, 5, diversity, 4)
          .evaluate(split, baseline.create(split.train(), order), n -> {});
      assertThat(four.accuracy()).as(baseline.cliName()).isEqualTo(one.accuracy());
      assertThat(four.beyond()).isEqualTo(one.beyond());
      assertThat(four.topLists()).isDeepEqualTo(one.topLists());
      assertThat(one.accuracy().get(0).hitRate()).isGreaterThan(0);
    }
  }
}
