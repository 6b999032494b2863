package io.recsys.ranking.onnx;

import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.onnx.RandomModels.Request;
import org.HdrHistogram.Histogram;

/**
 * Latency of one scoring call (500 candidates, D=40, E=64, L=20, default K=4, He1=32, He2=16, Ha=16)
 * for intra-op threads 1 and 2, spinning off and on. Not a test: run it by hand, e.g.
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp "$(cat cp.txt):target/classes:target/test-classes" \
 *       io.recsys.ranking.onnx.OnnxScorerSpeed [calls]
 * </pre>
 */
public final class OnnxScorerSpeed {
  static final int CANDIDATES = 500;
  static final int WARM_UP = 300;

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    MoeArchitecture a = RandomModels.DEFAULT;
    byte[] model = OnnxExport.toOnnx(RandomModels.parameters(a, 42), "speed");
    Request r = RandomModels.request(a, 42, CANDIDATES, 15);
    float[] click = new float[CANDIDATES], engage = new float[CANDIDATES];
    System.out.printf("%d candidates, %s, %d calls after %d warm-up%n", CANDIDATES, OnnxExport.describe(a), calls, WARM_UP);
    for (int threads : new int[] {1, 2}) {
      for (boolean spin : new boolean[] {false, true}) {
        try (OnnxScorer s = OnnxScorer.load(model, a, new OnnxScorerConfig(threads, spin))) {
          for (int i = 0; i < WARM_UP; i++) s.score(r.behaviours(), r.mask(), r.dense(), r.target(), CANDIDATES, click, engage);
          Histogram h = new Histogram(3_600_000_000L, 3);
          double sink = 0;
          for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            s.score(r.behaviours(), r.mask(), r.dense(), r.target(), CANDIDATES, click, engage);
            h.recordValue(System.nanoTime() - t0);
            sink += click[i % CANDIDATES];
          }
          System.out.printf("intraOpThreads=%d spinning=%-5s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (mean %.3f ms; sink %.1f)%n",
              threads, spin, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
              h.getMean() / 1e6, sink);
        }
      }
    }
  }
}
