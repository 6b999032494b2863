package io.recsys.candidate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.retrieve.Candidate;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.PopularSource;
import io.recsys.candidate.retrieve.RetrievalConfig;
import io.recsys.candidate.retrieve.RetrievalRequest;
import io.recsys.candidate.retrieve.Strategy;
import io.recsys.candidate.retrieve.UserState;
import io.recsys.candidate.testing.TrainedFixture;
import io.recsys.candidate.train.CandidateTrainer;
import io.recsys.candidate.train.CandidateTrainingConfig;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.synthetic.Catalog;
import io.recsys.core.synthetic.Interest;
import io.recsys.core.synthetic.ProgressListener;
import io.recsys.core.synthetic.SizePreset;
import io.recsys.core.synthetic.SyntheticDatasetGenerator;
import io.recsys.core.synthetic.UserProfile;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kNN-Embed's promise on data whose truth is known: the generator gives every user a mixture of true
 * interests (topics); the share of a user's true interests that at least one candidate belongs to
 * should be at least 0.9 with the mixture, and is measured next to a single-vector query.
 */
class InterestCoverageOnSyntheticDataTest {
  /** Interests lighter than this are noise a user barely acts on; they are not counted. */
  private static final double MIN_WEIGHT = 0.1;
  private static final int K = 200;

  @Test
  void mixtureCandidatesRepresentNineTenthsOfEachUsersTrueInterests() {
    SyntheticDatasetGenerator gen = new SyntheticDatasetGenerator(SizePreset.SMALL.config().withUsers(600).withEvents(60_000));
    Dataset.Builder b = Dataset.builder();
    List<UserProfile> profiles = new ArrayList<>();
    gen.generate(b, profiles::add, ProgressListener.NONE);
    Dataset data = b.build();
    UserSequences seqs = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    CandidateTrainingConfig config = CandidateTrainingConfig.defaults();
    CandidateModel model = CandidateTrainer.train("synthetic", seqs, io.recsys.candidate.model.ItemCatalog.of(data), config, s -> Progress.NONE).model();
    CandidatePipeline pipeline = CandidatePipeline.standard(RetrievalConfig.defaults(), new PopularSource());
    Catalog catalog = gen.catalog();

    double knn = 0;
    double single = 0;
    double mixed = 0;
    int users = 0;
    for (UserProfile p : profiles) {
      int u = data.users().indexOf(p.userId());
      if (u < 0 || seqs.length(u) < 5) continue;
      Set<Integer> truth = new HashSet<>();
      for (Interest i : p.interests()) if (i.weight() >= MIN_WEIGHT) truth.add(i.topic());
      if (truth.size() < 2) continue;
      UserState user = state(seqs, u);
      knn += coverage(pipeline, model, user, Strategy.KNN_EMBED, truth, catalog);
      single += coverage(pipeline, model, user, Strategy.SINGLE_VECTOR, truth, catalog);
      mixed += coverage(pipeline, model, user, Strategy.MIXED, truth, catalog);
      users++;
    }
    System.out.printf(Locale.ROOT, "%nsynthetic (%d multi-interest users, K=%d): true interests represented: knn-embed %.3f,"
        + " single-vector %.3f, mixed %.3f%n", users, K, knn / users, single / users, mixed / users);
    assertThat(users).isGreaterThan(100);
    assertThat(knn / users).isGreaterThanOrEqualTo(0.9);
    assertThat(knn / users).isGreaterThan(single / users);
  }

  private static UserState state(UserSequences seqs, int u) {
    int n = seqs.length(u);
    return UserState.ofSequence("u" + u, seqs, u, n, null, seqs.timestamp(u, n - 1) + 1);
  }

  private static double coverage(CandidatePipeline pipeline, CandidateModel model, UserState user, Strategy s, Set<Integer> truth,
      Catalog catalog) {
    Set<Integer> found = new HashSet<>();
    for (Candidate c : pipeline.retrieve(model, user, RetrievalRequest.of(K).withStrategy(s)).candidates()) {
      int item = Integer.parseInt(c.itemId().substring(1)); // synthetic ids are "i<index>"
      found.add(catalog.topic(item));
    }
    found.retainAll(truth);
    return (double) found.size() / truth.size();
  }
}
