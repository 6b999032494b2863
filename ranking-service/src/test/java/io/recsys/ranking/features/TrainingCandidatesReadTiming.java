package io.recsys.ranking.features;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: times {@link TrainingExampleReader} on a real training-candidates artefact.
 * {@code java ... TrainingCandidatesReadTiming <dataset dir> <training-candidates kind dir>} (the
 * version in its CURRENT is read). Prints the dataset load time, then three reads.
 */
public final class TrainingCandidatesReadTiming {
  private TrainingCandidatesReadTiming() {}

  /** Mean time of one serving-style assembly: 500 candidates, a 50-item history, the frozen snapshot. */
  private static void servingAssembly(RankingFeatures features, Dataset dataset) {
    int n = 500, items = features.tables().itemCount();
    CandidateView[] c = new CandidateView[n];
    for (int j = 0; j < n; j++) {
      float[] s = CandidateView.noSources();
      s[0] = 0.3f;
      s[2] = 40f;
      c[j] = new CandidateView((j * 7) % items, 1f / (j + 1), j, s);
    }
    int[] hist = new int[50];
    long[] ts = new long[50];
    long now = features.tables().stats().asOfMillis();
    for (int k = 0; k < 50; k++) {
      hist[k] = (k * 13) % items;
      ts[k] = now - k * 3_600_000L;
    }
    UserView user = new UserView(hist, ts, 50);
    FeatureAssembler a = features.newAssembler();
    float[] dense = new float[n * features.denseDim()], target = new float[n * features.embeddingDim()];
    float[] beh = new float[features.sequenceLength() * features.embeddingDim()], mask = new float[features.sequenceLength()];
    for (int w = 0; w < 2000; w++) a.assemble(user, c, n, features.tables().stats(), null, now, dense, target, beh, mask);
    int runs = 5000;
    long t = System.nanoTime();
    for (int w = 0; w < runs; w++) a.assemble(user, c, n, features.tables().stats(), null, now, dense, target, beh, mask);
    System.out.printf("serving assembly, 500 candidates, 50-item history: %.1f us per call%n", (System.nanoTime() - t) / 1e3 / runs);
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../../shared/datasets/ml-100k");
    Path kind = Path.of(args.length > 1 ? args[1] : "/tmp/art/training-candidates");
    Path version = kind.resolve(Files.readString(kind.resolve("CURRENT")).trim());
    long t0 = System.nanoTime();
    Dataset dataset = Datasets.load(data, null, ErrorPolicy.FAIL);
    System.out.printf("dataset: %d rows in %.0f ms%n", dataset.size(), (System.nanoTime() - t0) / 1e6);
    TrainingExampleReader.Result last = null;
    for (int run = 0; run < 3; run++) {
      long t = System.nanoTime();
      TrainingExampleReader.Result r = TrainingExampleReader.read(version, dataset, TrainingExampleReader.Config.defaults(), Progress.NONE);
      double ms = (System.nanoTime() - t) / 1e6;
      double clicks = 0, engage = 0;
      for (int k = 0; k < r.examples().size(); k++) {
        clicks += r.examples().click()[k];
        engage += r.examples().engage()[k];
      }
      System.out.printf("read %d queries, %d candidates, D=%d E=%d L=%d, clicks %.0f, engage %.0f, no-positive %d, schema %s: %.0f ms%n",
          r.examples().queries(), r.examples().size(), r.examples().denseDim(), r.examples().embeddingDim(),
          r.examples().sequenceLength(), clicks, engage, r.examplesWithoutPositive(), r.features().schemaVersion(), ms);
      if (run == 0) System.out.println("features: " + r.features().names());
      last = r;
    }
    servingAssembly(last.features(), dataset);
  }
}
