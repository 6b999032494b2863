package io.recsys.evaluation.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.Dataset;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;

/** Each invocation is one seeded case: a user's seen items, scores with many ties, and a cutoff k. */
class TopKSelectorProperties {
  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void selectsTheSameItemsInTheSameOrderAsAFullSort(long seed) {
    Gen gen = new Gen(seed);
    // k beyond the 30 items on purpose: the selector must stop at the unseen ones.
    int k = gen.intBetween(1, 40);
    Random r = new Random(gen.anyLong());
    Interactions b = Interactions.create();
    int items = 30;
    for (int i = 0; i < items; i++) b.click("other", Integer.toString(i), i); // ids "0".."29"
    for (int i = 0; i < 5; i++) b.click("u", Integer.toString(r.nextInt(items)), 100 + i);
    Dataset data = b.build();
    ItemOrder order = ItemOrder.of(data.items());
    UserSequences train = UserSequences.of(data, UserSequences.defaultPositiveTypes(), order);
    int user = data.users().indexOf("u");
    double[] scores = new double[items];
    for (int i = 0; i < items; i++) scores[i] = r.nextInt(4); // many ties

    int[] out = new int[k];
    int n = new TopKSelector(order, train).select(user, scores, k, out);

    boolean[] seen = new boolean[items];
    for (int p = 0; p < train.length(user); p++) seen[train.item(user, p)] = true;
    List<Integer> expected = IntStream.range(0, items).filter(i -> !seen[i]).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> data.items().id(i)))
        .limit(k).toList();
    String generated = "k=" + k + " seen=" + IntStream.range(0, items).filter(i -> seen[i]).boxed().toList()
        + " scores=" + Arrays.toString(scores);
    Seeds.check(seed, generated, () ->
        assertThat(IntStream.of(out).limit(n).boxed().toList()).isEqualTo(expected));
  }
}
