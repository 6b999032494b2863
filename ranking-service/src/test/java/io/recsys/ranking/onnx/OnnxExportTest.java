package io.recsys.ranking.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.onnx.RandomModels.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
  static final MoeArchitecture A = RandomModels.TINY;

  @Test
  void modelDeclaresOpset17AndCarriesVersionArchitectureAndEveryParameter() throws Exception {
    MoeParameters p = RandomModels.parameters(A, 11);
    OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(OnnxExport.toOnnx(p, "2026-12-05T03-00Z"));
    assertThat(m.getOpsetImportList()).singleElement()
        .satisfies(o -> {
          assertThat(o.getDomain()).isEmpty();
          assertThat(o.getVersion()).isEqualTo(17);
        });
    Map<String, String> meta = new HashMap<>();
    m.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
    assertThat(meta).containsEntry(OnnxExport.META_MODEL_VERSION, "2026-12-05T03-00Z")
        .containsEntry("experts", "3").containsEntry("expertOut", "7").containsEntry("towerHidden", "2")
        .containsEntry(OnnxExport.META_ARCHITECTURE, "D=3, E=5, L=4, Ha=2, K=3, He1=6, He2=7, Ht=2");
    Set<String> initializers = m.getGraph().getInitializerList().stream().map(OnnxMl.TensorProto::getName)
        .collect(Collectors.toSet());
    Set<String> expected = new java.util.HashSet<>(MoeParameters.shapesOf(A).keySet());
    expected.remove("thresholds"); // exported as threshold1 and the precomputed gap
    assertThat(initializers).containsAll(expected).contains("threshold1", "thresholdGap");
    assertThat(m.getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName)
        .containsExactly(OnnxExport.CLICK, OnnxExport.ENGAGE, OnnxExport.CLICK_LOGIT, OnnxExport.ENGAGE_LOGIT);
  }

  @Test
  void writtenFileScoresLikeTheBytes(@TempDir Path dir) throws Exception {
    MoeParameters p = RandomModels.parameters(A, 12);
    Path file = dir.resolve("models/ranker.onnx");
    OnnxExport.write(p, "v12", file);
    assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary left behind
    Request r = RandomModels.request(A, 4, 30, 2);
    float[] c1 = new float[30], e1 = new float[30], c2 = new float[30], e2 = new float[30];
    try (OnnxScorer fromFile = OnnxScorer.load(file, A, OnnxScorerConfig.defaults());
        OnnxScorer fromBytes = OnnxScorer.load(OnnxExport.toOnnx(p, "v12"), A, OnnxScorerConfig.defaults())) {
      fromFile.score(r.behaviours(), r.mask(), r.dense(), r.target(), 30, c1, e1);
      fromBytes.score(r.behaviours(), r.mask(), r.dense(), r.target(), 30, c2, e2);
      assertThat(fromFile.modelVersion()).isEqualTo("v12");
    }
    assertThat(c1).containsExactly(c2);
    assertThat(e1).containsExactly(e2);
  }

  @Test
  void parametersWithUnorderedThresholdsAreNotExported() {
    MoeParameters p = RandomModels.parameters(A, 13);
    p.thresholds[1] = Float.NaN;
    assertThatThrownBy(() -> OnnxExport.toOnnx(p, "v")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("thresholds");
  }

  @Test
  void blankModelVersionIsRefused() {
    MoeParameters p = RandomModels.parameters(A, 14);
    assertThatThrownBy(() -> OnnxExport.toOnnx(p, " ")).hasMessageContaining("modelVersion");
  }
}
