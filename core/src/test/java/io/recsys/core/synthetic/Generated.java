package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset generated in memory (into {@link Dataset#builder()}) together with the generator that
 * knows its truth. Items and users are emitted in index order, so the dataset's indexes are the
 * generator's; {@link #of} checks that before anyone relies on it.
 */
record Generated(SyntheticDatasetGenerator generator, Dataset dataset, List<UserProfile> profiles,
    GenerationCounts counts) {

  static Generated of(SyntheticConfig config) {
    SyntheticDatasetGenerator generator = new SyntheticDatasetGenerator(config);
    Dataset.Builder builder = Dataset.builder();
    List<UserProfile> profiles = new ArrayList<>();
    GenerationCounts counts = generator.generate(builder, profiles::add, ProgressListener.NONE);
    Dataset dataset = builder.build();
    for (int i = 0; i < dataset.items().size(); i++) assertThat(dataset.items().id(i)).isEqualTo(Catalog.itemId(i));
    for (int u = 0; u < dataset.users().size(); u++) {
      assertThat(dataset.users().id(u)).isEqualTo(UserPopulation.userId(u));
    }
    return new Generated(generator, dataset, profiles, counts);
  }

  Catalog catalog() {
    return generator.catalog();
  }

  int size() {
    return dataset.size();
  }

  InteractionType type(int row) {
    return dataset.type(row);
  }

  int item(int row) {
    return dataset.itemIndex(row);
  }

  int user(int row) {
    return dataset.userIndex(row);
  }

  UserProfile profile(int row) {
    return profiles.get(dataset.userIndex(row));
  }

  int topic(int row) {
    return catalog().topic(dataset.itemIndex(row));
  }
}
