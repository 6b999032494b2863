package io.recsys.evaluation.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.BadRowException;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.RowErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationFileTest {
  @TempDir Path tmp;
  private final Dataset data = Interactions.create().sequence("u", "a", "b").sequence("v", "c").build();
  private final UserSequences train =
      UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
  private final int[] out = new int[10];

  private RecommendationFile read(String content, ErrorPolicy policy) throws IOException {
    Path file = tmp.resolve("recs.csv");
    Files.writeString(file, content);
    return RecommendationFile.read(file, data, train, new RowErrors(policy));
  }

  @Test
  void ordersEachListByRankAndDropsItemsSeenInTraining() throws IOException {
    // header optional: none here; ranks out of order and not contiguous
    RecommendationFile recs = read("v,b,7\nv,c,1\nv,a,3\n", ErrorPolicy.FAIL);
    int n = recs.recommend(data.users().indexOf("v"), 10, out);
    assertThat(Interactions.ids(data, out, n)).containsExactly("a", "b");
    assertThat(recs.seenItemsDropped()).isEqualTo(1);
  }

  @Test
  void cutsAtK() throws IOException {
    RecommendationFile recs = read("userId,itemId,rank\nv,a,1\nv,b,2\n", ErrorPolicy.FAIL);
    assertThat(recs.recommend(data.users().indexOf("v"), 1, out)).isEqualTo(1);
    assertThat(recs.recommend(data.users().indexOf("u"), 5, out)).isZero();
    assertThat(recs.hasList(data.users().indexOf("u"))).isFalse();
  }

  @Test
  void rejectsARankGivenTwiceForAUser() {
    assertThatThrownBy(() -> read("v,a,1\nv,b,1\n", ErrorPolicy.FAIL))
        .isInstanceOf(BadRowException.class).hasMessageEndingWith(":2: rank repeated for a user: user 'v' rank 1");
  }

  @Test
  void countsRowsOfUnknownUsersWithoutFailing() throws IOException {
    RecommendationFile recs = read("ghost,a,1\nv,a,1\n", ErrorPolicy.FAIL);
    assertThat(recs.unknownUserRows()).isEqualTo(1);
    assertThat(recs.rows()).isEqualTo(2);
  }

  @Test
  void rejectsInvalidUtf8WithTheFileName() throws IOException {
    Path file = tmp.resolve("latin1.csv");
    Files.write(file, new byte[] {'v', ',', (byte) 0xE9, ',', '1', '\n'});
    assertThatThrownBy(() -> RecommendationFile.read(file, data, train, new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IOException.class).hasMessageContaining("latin1.csv: not valid UTF-8");
  }
}
