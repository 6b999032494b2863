package io.recsys.ranking.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.onnx.RandomModels.Request;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime's outputs against {@link ReferenceForward}, the equations in double precision: random
 * models (several seeds, random biases and thresholds), one and 500 candidates, users with a full, a
 * padded and no history, on the production-sized and a tiny shape.
 */
class OnnxScorerParityTest {
  static final double TOLERANCE = 1e-5;

  static Stream<Arguments> models() {
    List<Arguments> cases = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      cases.add(Arguments.of("D=40,E=64,L=20", RandomModels.DEFAULT, seed));
      cases.add(Arguments.of("tiny", RandomModels.TINY, seed));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} seed={2}")
  @MethodSource("models")
  void probabilitiesAndLogitsMatchTheReferenceForward(String name, MoeArchitecture a, long seed) throws Exception {
    MoeParameters p = RandomModels.parameters(a, seed);
    byte[] model = OnnxExport.toOnnx(p, "parity-" + seed);
    int l = a.sequenceLength();
    int[] histories = {l, Math.max(1, l / 2 - 1), 0};
    double spread = 0;
    try (OnnxScorer scorer = OnnxScorer.load(model, a, OnnxScorerConfig.defaults());
        OrtSession raw = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
      for (int n : new int[] {1, 500}) {
        for (int history : histories) {
          Request r = RandomModels.request(a, seed * 1000 + n * 10L + history, n, history);
          ReferenceForward.Scores want = ReferenceForward.forward(p, r.behaviours(), r.mask(), r.dense(), r.target(), n);
          String where = name + " seed=" + seed + " n=" + n + " history=" + history;

          float[] click = new float[n], engage = new float[n];
          scorer.score(r.behaviours(), r.mask(), r.dense(), r.target(), n, click, engage);
          assertClose(where + " click", click, want.click());
          assertClose(where + " engage", engage, want.engage());
          for (int c = 0; c < n; c++) {
            assertThat(engage[c]).as("%s candidate %d: P(y>=2) <= P(y>=1)", where, c).isLessThanOrEqualTo(click[c]);
          }

          float[][] logits = logits(raw, a, r);
          assertClose(where + " click_logit", logits[0], want.clickLogit());
          assertClose(where + " engage_logit", logits[1], want.engageLogit());
          if (n > 1) spread = Math.max(spread, stdev(want.click()));
        }
      }
    }
    // The comparison means something only if the model's outputs vary across candidates.
    assertThat(spread).as("spread of P(y>=1) across candidates").isGreaterThan(0.005);
  }

  @ParameterizedTest(name = "{0} seed={2}")
  @MethodSource("models")
  void historyChangesTheScoresAndPaddingDoesNot(String name, MoeArchitecture a, long seed) throws Exception {
    MoeParameters p = RandomModels.parameters(a, seed);
    int l = a.sequenceLength(), e = a.embeddingDim(), n = 20;
    Request r = RandomModels.request(a, seed, n, l / 2);
    // Garbage in the padded slots must not reach the scores: their mask is 0.
    float[] noisyPadding = r.behaviours().clone();
    for (int j = l / 2; j < l; j++) for (int i = 0; i < e; i++) noisyPadding[j * e + i] = (i + j) % 3 - 1;
    float[] noHistory = new float[l];
    try (OnnxScorer scorer = OnnxScorer.load(OnnxExport.toOnnx(p, "v"), a, OnnxScorerConfig.defaults())) {
      float[] click = new float[n], engage = new float[n];
      float[] clickNoisy = new float[n], engageNoisy = new float[n];
      float[] clickCold = new float[n], engageCold = new float[n];
      scorer.score(r.behaviours(), r.mask(), r.dense(), r.target(), n, click, engage);
      scorer.score(noisyPadding, r.mask(), r.dense(), r.target(), n, clickNoisy, engageNoisy);
      scorer.score(r.behaviours(), noHistory, r.dense(), r.target(), n, clickCold, engageCold);
      assertClose(name + " noisy padding", clickNoisy, toDouble(click));
      assertClose(name + " noisy padding", engageNoisy, toDouble(engage));
      double maxChange = 0;
      for (int c = 0; c < n; c++) maxChange = Math.max(maxChange, Math.abs(clickCold[c] - click[c]));
      assertThat(maxChange).as("history's effect on P(y>=1)").isGreaterThan(1e-3);
    }
  }

  /** l1 and l2 from a plain session that asks for the logit outputs too. */
  private static float[][] logits(OrtSession raw, MoeArchitecture a, Request r) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int n = r.n(), l = a.sequenceLength(), e = a.embeddingDim();
    try (OnnxTensor b = OnnxTensor.createTensor(env, FloatBuffer.wrap(r.behaviours()), new long[] {1, l, e});
        OnnxTensor m = OnnxTensor.createTensor(env, FloatBuffer.wrap(r.mask()), new long[] {1, l});
        OnnxTensor d = OnnxTensor.createTensor(env, FloatBuffer.wrap(r.dense()), new long[] {n, a.denseDim()});
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(r.target()), new long[] {n, e});
        OrtSession.Result out = raw.run(Map.of(OnnxExport.BEHAVIOURS, b, OnnxExport.MASK, m, OnnxExport.DENSE, d,
            OnnxExport.TARGET, t))) {
      float[] l1 = (float[]) out.get(OnnxExport.CLICK_LOGIT).orElseThrow().getValue();
      float[] l2 = (float[]) out.get(OnnxExport.ENGAGE_LOGIT).orElseThrow().getValue();
      return new float[][] {l1, l2};
    }
  }

  static void assertClose(String what, float[] got, double[] want) {
    assertThat(got).as(what + " length").hasSize(want.length);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < want.length; i++) {
      double diff = Math.abs(got[i] - want[i]);
      if (!(diff <= worst)) {
        worst = diff;
        at = i;
      }
    }
    assertThat(worst).as("%s: worst |onnx - reference| at candidate %d (onnx %s, reference %s)", what, at,
        at < 0 ? "" : got[at], at < 0 ? "" : want[at]).isLessThanOrEqualTo(TOLERANCE);
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  private static double stdev(double[] v) {
    double mean = 0, sq = 0;
    for (double x : v) mean += x;
    mean /= v.length;
    for (double x : v) sq += (x - mean) * (x - mean);
    return Math.sqrt(sq / v.length);
  }
}
