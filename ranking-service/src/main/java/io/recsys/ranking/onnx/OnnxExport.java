package io.recsys.ranking.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the AW-MoE ranking network ({@link MoeArchitecture}'s class comment is the specification) as
 * an ONNX graph, node by node with the ONNX protobuf builders (opset {@value #OPSET}, default domain),
 * every parameter an initializer.
 *
 * <p>One graph call scores every candidate of one request: the user's behaviours are fed once
 * ({@code [1, L, E]}) and broadcast against the {@code N} candidates, so the per-user terms
 * ({@code b_j · attnB}, {@code b_j · gateB}) are computed once per call, not once per candidate.
 *
 * <p>Inputs (float32): {@value #DENSE} {@code [N, D]}, {@value #TARGET} {@code [N, E]},
 * {@value #BEHAVIOURS} {@code [1, L, E]}, {@value #MASK} {@code [1, L]}; N is the symbolic dimension
 * {@value #CANDIDATES}. Outputs: {@value #CLICK} = P(y ≥ 1) and {@value #ENGAGE} = P(y ≥ 2), both
 * {@code [N]}, and their logits {@value #CLICK_LOGIT}, {@value #ENGAGE_LOGIT}.
 *
 * <p>Stateless; thread-safe.
 */
public final class OnnxExport {
  public static final int OPSET = 17;
  /** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
  public static final long IR_VERSION = 8;
  public static final String DENSE = "dense";
  public static final String TARGET = "target";
  public static final String BEHAVIOURS = "behaviours";
  public static final String MASK = "mask";
  public static final String CLICK = "click";
  public static final String ENGAGE = "engage";
  public static final String CLICK_LOGIT = "click_logit";
  public static final String ENGAGE_LOGIT = "engage_logit";
  /** The symbolic batch dimension: the candidates of one request. */
  public static final String CANDIDATES = "candidates";
  public static final String PRODUCER = "recsys ranking-service";
  /** Metadata keys. */
  public static final String META_MODEL_VERSION = "model_version";
  public static final String META_ARCHITECTURE = "architecture";

  private OnnxExport() {}

  /**
   * The serialised ONNX model of the given parameters.
   *
   * @param modelVersion recorded in the model's metadata (the artefact version that holds it)
   * @throws IllegalStateException when the parameters fail {@link MoeParameters#checkThresholds()}
   */
  public static byte[] toOnnx(MoeParameters p, String modelVersion) {
    if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("modelVersion must be non-blank");
    p.checkThresholds(); // refuse to export a model whose ordinal heads are not ordered or hold NaN
    MoeArchitecture a = p.architecture();
    int d = a.denseDim(), e = a.embeddingDim(), l = a.sequenceLength(), ha = a.attentionHidden(), k = a.experts();
    int x = a.expertInputDim(), h1 = a.expertHidden(), h2 = a.expertOut(), ht = a.towerHidden(), tasks = MoeArchitecture.TASKS;

    Graph g = new Graph();
    g.input(DENSE, CANDIDATES, d);
    g.input(TARGET, CANDIDATES, e);
    g.input(BEHAVIOURS, 1, l, e);
    g.input(MASK, 1, l);

    // Parameters under their MoeParameters names; vectors that broadcast against a leading expert,
    // task or candidate axis are stored with that axis made explicit (same values, same order).
    g.floats("attnBt", p.attnBt, e, ha);
    g.floats("attnB", p.attnB, e, ha);
    g.floats("attnT", p.attnT, e, ha);
    g.floats("attnPos", p.attnPos, l, ha);
    g.floats("attnBias", p.attnBias, ha);
    g.floats("attnOut", p.attnOut, ha, 1);
    g.floats("gateB", p.gateB, e, k);
    g.floats("gateT", p.gateT, e, k);
    g.floats("gateBias", p.gateBias, k);
    g.floats("expertW1", p.expertW1, k, x, h1);
    g.floats("expertB1", p.expertB1, k, 1, h1);
    g.floats("expertW2", p.expertW2, k, h1, h2);
    g.floats("expertB2", p.expertB2, k, 1, h2);
    g.floats("towerW1", p.towerW1, tasks, h2, ht);
    g.floats("towerB1", p.towerB1, tasks, 1, ht);
    g.floats("towerW2", p.towerW2, tasks, ht, 1);
    g.floats("towerB2", p.towerB2, tasks, 1, 1);
    g.floats("threshold1", new float[] {p.threshold1()});
    // Δ = exp(logGap) is a constant of a trained model: computed once here, not per call.
    g.floats("thresholdGap", new float[] {p.thresholdGap()});
    g.floats("maskPenalty", new float[] {MoeArchitecture.MASK_PENALTY});
    g.longs("axis0", 0);
    g.longs("axis1", 1);
    g.longs("axis2", 2);
    g.scalarLong("task_click", MoeArchitecture.CLICK);
    g.scalarLong("task_engage", MoeArchitecture.ENGAGE);

    // --- activation unit: h_nj = relu((b_j ⊙ t)·attnBt + b_j·attnB + t·attnT + attnPos[j] + attnBias)   [N, L, Ha]
    String tCol = g.op("Unsqueeze", "t_col", TARGET, "axis1");                      // [N, 1, E]
    String bt = g.op("Mul", "bt", tCol, BEHAVIOURS);                                // [N, L, E]
    String hBt = g.op("MatMul", "h_bt", bt, "attnBt");                              // [N, L, Ha]
    String hB = g.op("MatMul", "h_b", BEHAVIOURS, "attnB");                         // [1, L, Ha], once per user
    String hT = g.op("Unsqueeze", "h_t", g.op("MatMul", "h_t2", TARGET, "attnT"), "axis1"); // [N, 1, Ha]
    String hPre = g.op("Add", "h_pre4",
        g.op("Add", "h_pre3", g.op("Add", "h_pre2", g.op("Add", "h_pre1", hBt, hB), hT), "attnPos"), "attnBias");
    String h = g.op("Relu", "h", hPre);
    String score = g.op("Squeeze", "s_raw", g.op("MatMul", "s_col", h, "attnOut"), "axis2"); // [N, L]
    // s_nj = h_nj·attnOut + (mask_j − 1)·P, lowered as (mask_j − max_i mask_i)·P. The two differ by a
    // per-user constant, which softmax ignores, so a is the same; but for a user with no history (every
    // mask 0) the literal form adds −1e4 to every score, and a float32 near 1e4 resolves only 2^-10: each
    // score moves by up to 5e-4, and each attention weight by as much relatively. With the shift those
    // scores are left exact. (For the test models that error stays below 1e-5 on the probabilities, so
    // the parity test does not tell the two apart; the shift costs one ReduceMax over L values.)
    String maskMax = g.op("ReduceMax", "mask_max", in(MASK), attrs(ints("axes", 1), intAttr("keepdims", 1))); // [1, 1]
    String penalty = g.op("Mul", "mask_penalty", g.op("Sub", "mask_gap", MASK, maskMax), "maskPenalty"); // [1, L]
    String s = g.op("Add", "s", score, penalty);
    String att = g.op("Softmax", "a", in(s), attrs(intAttr("axis", 1)));  // [N, L]

    // --- gate unit: g_nj = softmax_k(b_j·gateB + t·gateT + gateBias)   [N, L, K]
    String gB = g.op("MatMul", "g_b", BEHAVIOURS, "gateB");                         // [1, L, K]
    String gT = g.op("Unsqueeze", "g_t", g.op("MatMul", "g_t2", TARGET, "gateT"), "axis1"); // [N, 1, K]
    String gPre = g.op("Add", "g_pre2", g.op("Add", "g_pre1", gB, gT), "gateBias");
    String gate = g.op("Softmax", "g", in(gPre), attrs(intAttr("axis", 2)));
    // G_n = Σ_j a_nj g_nj   [N, K]
    String aCol = g.op("Unsqueeze", "a_col", att, "axis2");                         // [N, L, 1]
    String gMix = g.op("ReduceSum", "G", in(g.op("Mul", "ag", aCol, gate), "axis1"), attrs(intAttr("keepdims", 0)));

    // --- user interest u_n = Σ_j a_nj b_j   [N, E]
    String b2 = g.op("Squeeze", "b2", BEHAVIOURS, "axis0");                         // [L, E]
    String u = g.op("MatMul", "u", att, b2);
    // --- expert input x_n = [d, t ⊙ u_n, t]   [N, X]
    String xIn = g.op("Concat", "x", in(DENSE, g.op("Mul", "tu", TARGET, u), TARGET), attrs(intAttr("axis", 1)));

    // --- experts, all K in one batched MatMul: [1, N, X] × [K, X, He1] → [K, N, He1]
    String xRow = g.op("Unsqueeze", "x_row", xIn, "axis0");
    String e1 = g.op("Relu", "e1", g.op("Add", "e1_pre", g.op("MatMul", "e1_mm", xRow, "expertW1"), "expertB1"));
    String e2 = g.op("Relu", "e2", g.op("Add", "e2_pre", g.op("MatMul", "e2_mm", e1, "expertW2"), "expertB2")); // [K, N, He2]
    // m_n = Σ_k G_nk e_nk   [N, He2]
    String gCol = g.op("Unsqueeze", "G_col", g.op("Transpose", "G_t", in(gMix), attrs(ints("perm", 1, 0))), "axis2"); // [K, N, 1]
    String m = g.op("ReduceSum", "m", in(g.op("Mul", "Ge", gCol, e2), "axis0"), attrs(intAttr("keepdims", 0)));

    // --- towers, both tasks in one batched MatMul: [1, N, He2] × [T, He2, Ht] → [T, N, Ht] → [T, N]
    String mRow = g.op("Unsqueeze", "m_row", m, "axis0");
    String t1 = g.op("Relu", "t1", g.op("Add", "t1_pre", g.op("MatMul", "t1_mm", mRow, "towerW1"), "towerB1"));
    String z = g.op("Squeeze", "z", g.op("Add", "z_col", g.op("MatMul", "z_mm", t1, "towerW2"), "towerB2"), "axis2");
    String zClick = g.op("Gather", "z_click", in(z, "task_click"), attrs(intAttr("axis", 0)));   // [N]
    String zEngage = g.op("Gather", "z_engage", in(z, "task_engage"), attrs(intAttr("axis", 0))); // [N]

    // --- ordinal heads: l1 = z_click − a1; l2 = l1 − Δ·σ(−z_engage)
    g.opNamed("Sub", CLICK_LOGIT, zClick, "threshold1");
    String gap = g.op("Mul", "gap", "thresholdGap", g.op("Sigmoid", "sig_neg_engage", g.op("Neg", "neg_z_engage", zEngage)));
    g.opNamed("Sub", ENGAGE_LOGIT, CLICK_LOGIT, gap);
    g.opNamed("Sigmoid", CLICK, CLICK_LOGIT);
    g.opNamed("Sigmoid", ENGAGE, ENGAGE_LOGIT);
    for (String out : new String[] {CLICK, ENGAGE, CLICK_LOGIT, ENGAGE_LOGIT}) g.output(out);

    String dims = describe(a);
    GraphProto graph = g.graph.setName("aw_moe_ranker")
        .setDocString("AW-MoE ranker with GNOLR ordinal heads (" + dims + "); one call scores the candidates of one user")
        .build();
    ModelProto model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName(PRODUCER)
        .setDomain("io.recsys.ranking")
        .setDocString("recsys ranking model " + modelVersion + ": P(y>=1) as '" + CLICK + "', P(y>=2) as '" + ENGAGE + "'")
        .addMetadataProps(meta(META_MODEL_VERSION, modelVersion))
        .addMetadataProps(meta(META_ARCHITECTURE, dims))
        .addMetadataProps(meta("denseDim", a.denseDim()))
        .addMetadataProps(meta("embeddingDim", a.embeddingDim()))
        .addMetadataProps(meta("sequenceLength", a.sequenceLength()))
        .addMetadataProps(meta("attentionHidden", a.attentionHidden()))
        .addMetadataProps(meta("experts", a.experts()))
        .addMetadataProps(meta("expertHidden", a.expertHidden()))
        .addMetadataProps(meta("expertOut", a.expertOut()))
        .addMetadataProps(meta("towerHidden", a.towerHidden()))
        .setGraph(graph)
        .build();
    return model.toByteArray();
  }

  /** Writes {@link #toOnnx} to a file, atomically (a temporary sibling renamed into place). */
  public static void write(MoeParameters p, String modelVersion, Path file) throws IOException {
    byte[] bytes = toOnnx(p, modelVersion);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The architecture as "D=…, E=…, …" (the model's doc string and metadata). */
  static String describe(MoeArchitecture a) {
    return "D=" + a.denseDim() + ", E=" + a.embeddingDim() + ", L=" + a.sequenceLength() + ", Ha=" + a.attentionHidden()
        + ", K=" + a.experts() + ", He1=" + a.expertHidden() + ", He2=" + a.expertOut() + ", Ht=" + a.towerHidden();
  }

  private static StringStringEntryProto meta(String key, Object value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(String.valueOf(value)).build();
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) b.addInts(x);
    return b.build();
  }

  private static String[] in(String... names) {
    return names;
  }

  private static AttributeProto[] attrs(AttributeProto... a) {
    return a;
  }

  /** The graph under construction: nodes, initializers, inputs and outputs. */
  private static final class Graph {
    final GraphProto.Builder graph = GraphProto.newBuilder();
    private final java.util.Set<String> names = new java.util.HashSet<>();

    void input(String name, Object... dims) {
      unique(name); // nodes may read it from now on
      graph.addInput(valueInfo(name, dims));
    }

    void output(String name) {
      // Outputs are [N]; ORT infers the rest, but a declared shape lets the scorer check it at load.
      graph.addOutput(valueInfo(name, CANDIDATES));
    }

    void floats(String name, float[] values, int... shape) {
      long n = 1;
      for (int s : shape) n *= s;
      if (n != values.length) {
        throw new IllegalStateException("initializer " + name + " has " + values.length + " values, shape needs " + n);
      }
      ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) raw.putFloat(v);
      raw.flip();
      TensorProto.Builder t = TensorProto.newBuilder().setName(unique(name)).setDataType(TensorProto.DataType.FLOAT.getNumber())
          .setRawData(ByteString.copyFrom(raw));
      for (int s : shape) t.addDims(s);
      graph.addInitializer(t);
    }

    void longs(String name, long... values) {
      TensorProto.Builder t = TensorProto.newBuilder().setName(unique(name)).setDataType(TensorProto.DataType.INT64.getNumber())
          .addDims(values.length);
      for (long v : values) t.addInt64Data(v);
      graph.addInitializer(t);
    }

    /** A 0-d int64 tensor (Gather with a scalar index drops the gathered axis). */
    void scalarLong(String name, long value) {
      graph.addInitializer(TensorProto.newBuilder().setName(unique(name)).setDataType(TensorProto.DataType.INT64.getNumber())
          .addInt64Data(value));
    }

    String op(String type, String out, String... in) {
      return op(type, out, in, new AttributeProto[0]);
    }

    String op(String type, String out, String[] in, AttributeProto[] attrs) {
      NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(out + "_" + type).addOutput(unique(out));
      for (String i : in) {
        if (!names.contains(i)) throw new IllegalStateException("node " + out + " reads " + i + ", which is not defined yet");
        n.addInput(i);
      }
      for (AttributeProto at : attrs) n.addAttribute(at);
      graph.addNode(n);
      return out;
    }

    void opNamed(String type, String out, String... in) {
      op(type, out, in);
    }

    private String unique(String name) {
      if (!names.add(name)) throw new IllegalStateException("graph value " + name + " is defined twice");
      return name;
    }

    private ValueInfoProto valueInfo(String name, Object... dims) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (Object d : dims) {
        if (d instanceof String s) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
        else shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
      }
      TypeProto type = TypeProto.newBuilder().setTensorType(
          TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
      return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
  }
}
