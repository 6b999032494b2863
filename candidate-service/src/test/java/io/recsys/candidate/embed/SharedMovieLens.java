package io.recsys.candidate.embed;


import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The shared MovieLens 100K copy beside the repository ({@code ../shared/datasets}, never part of the
 * repository: its licence forbids redistribution) and its leave-last-out split, loaded once per JVM.
 * Tests that need it are skipped with a message when it is absent. Override the location with
 * {@code -Drecsys.shared.dir} or {@code RECSYS_SHARED_DIR} (the folder holding {@code datasets/}).
 * The same approach as the evaluation module's {@code SharedDatasets}.
 */
public final class SharedMovieLens {
  private static Loaded loaded;

  private SharedMovieLens() {}

  /** The dataset, its item order and the reference split (leave-last-out, users with >= 5 items). */
  public record Loaded(Dataset data, ItemOrder order, Split split) {
    public String[] itemIds() {
      String[] ids = new String[data.items().size()];
      for (int i = 0; i < ids.length; i++) ids[i] = data.items().id(i);
      return ids;
    }
  }

  /** The MovieLens 100K directory, or a skipped test when it is not there. */
  public static Path dir() {
    return io.recsys.testsupport.SharedDatasets.movieLens100k();
  }

  /** Loads (once) and splits the dataset; skips the calling test when it is absent. */
  public static synchronized Loaded load() {
    if (loaded == null) {
      Path dir = dir();
      try {
        Dataset data = Datasets.load(dir, DatasetFormat.RECBOLE, ErrorPolicy.FAIL);
        ItemOrder order = ItemOrder.of(data.items());
        UserSequences all = UserSequences.of(data, UserSequences.defaultPositiveTypes(), order);
        loaded = new Loaded(data, order, SplitProtocol.LEAVE_LAST_OUT.split(all, 5, 0, 0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }
}
