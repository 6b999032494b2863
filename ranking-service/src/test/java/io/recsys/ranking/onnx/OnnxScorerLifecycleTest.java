package io.recsys.ranking.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.onnx.RandomModels.Request;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Loading checks, reference counting under hot swap, and buffer reuse of {@link OnnxScorer}. */
class OnnxScorerLifecycleTest {
  static final MoeArchitecture A = RandomModels.TINY;
  static final MoeParameters P = RandomModels.parameters(A, 7);
  static final byte[] MODEL = OnnxExport.toOnnx(P, "v7");

  @Test
  void modelOfAnotherShapeRefusesToLoadNamingTheInput() {
    MoeArchitecture wrongD = new MoeArchitecture(A.denseDim() + 1, A.embeddingDim(), A.sequenceLength(),
        A.attentionHidden(), A.experts(), A.expertHidden(), A.expertOut(), A.towerHidden());
    assertThatThrownBy(() -> OnnxScorer.load(MODEL, wrongD, OnnxScorerConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dense'").hasMessageContaining("D=4");
    MoeArchitecture wrongE = new MoeArchitecture(A.denseDim(), A.embeddingDim() + 1, A.sequenceLength(),
        A.attentionHidden(), A.experts(), A.expertHidden(), A.expertOut(), A.towerHidden());
    assertThatThrownBy(() -> OnnxScorer.load(MODEL, wrongE, OnnxScorerConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'target'");
    assertThatThrownBy(() -> OnnxScorer.load(MODEL, A.withSequenceLength(A.sequenceLength() + 1), OnnxScorerConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'behaviours'");
  }

  @Test
  void hiddenSizesAreCheckedAgainstTheModelMetadata() throws Exception {
    assertThatThrownBy(() -> OnnxScorer.load(MODEL, A.withExperts(A.experts() + 5), OnnxScorerConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experts=3, expected 8");
    try (OnnxScorer s = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults())) {
      assertThat(s.modelVersion()).isEqualTo("v7");
      assertThat(s.architecture()).isEqualTo(A);
    }
  }

  @Test
  void closedScorerFreesItsSessionOnlyAfterTheLastRetainedCaller() throws Exception {
    Request r = RandomModels.request(A, 1, 10, 2);
    OnnxScorer s = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults());
    float[] click = new float[10], engage = new float[10], click2 = new float[10], engage2 = new float[10];
    s.score(r.behaviours(), r.mask(), r.dense(), r.target(), 10, click, engage);

    assertThat(s.tryRetain()).isTrue(); // a caller in flight
    s.close();
    s.close(); // idempotent: the creator's reference goes once
    assertThat(s.isFreed()).as("freed while a caller holds it").isFalse();
    s.score(r.behaviours(), r.mask(), r.dense(), r.target(), 10, click2, engage2);
    assertThat(click2).containsExactly(click);
    s.release();

    assertThat(s.isFreed()).isTrue();
    assertThat(s.tryRetain()).isFalse();
    assertThatThrownBy(() -> s.score(r.behaviours(), r.mask(), r.dense(), r.target(), 10, click2, engage2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("released more often");
  }

  @Test
  void swappingScorersUnderConcurrentCallersNeverFailsOrChangesACall() throws Exception {
    int n = 64, callers = 2, swaps = 15;
    Request r = RandomModels.request(A, 3, n, 3);
    float[] wantClick = new float[n], wantEngage = new float[n];
    List<OnnxScorer> all = new ArrayList<>();
    OnnxScorer first = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults());
    all.add(first);
    first.score(r.behaviours(), r.mask(), r.dense(), r.target(), n, wantClick, wantEngage);
    AtomicReference<OnnxScorer> current = new AtomicReference<>(first);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger(), mismatches = new AtomicInteger();
    CountDownLatch swapped = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      threads.add(Thread.ofPlatform().start(() -> {
        float[] click = new float[n], engage = new float[n];
        try {
          // Keep calling until the swapper is done, and at least a few hundred times.
          for (int i = 0; swapped.getCount() > 0 || i < 200; i++) {
            OnnxScorer s;
            do s = current.get(); while (!s.tryRetain()); // freed meanwhile: read the new one
            try {
              s.score(r.behaviours(), r.mask(), r.dense(), r.target(), n, click, engage);
            } finally {
              s.release();
            }
            calls.incrementAndGet();
            for (int k = 0; k < n; k++) if (click[k] != wantClick[k] || engage[k] != wantEngage[k]) mismatches.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }));
    }
    for (int i = 0; i < swaps; i++) {
      OnnxScorer next = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults());
      all.add(next);
      current.getAndSet(next).close(); // the swapper's move: publish the new one, close the old
    }
    swapped.countDown();
    for (Thread t : threads) t.join();
    current.get().close();

    assertThat(failure.get()).as("a caller failed").isNull();
    assertThat(mismatches.get()).isZero();
    assertThat(calls.get()).isGreaterThanOrEqualTo(callers * 200);
    assertThat(all).allSatisfy(s -> assertThat(s.isFreed()).as("every scorer freed at the end").isTrue());
  }

  @Test
  void steadyStateScoringAllocatesNoDirectBuffers() throws Exception {
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    try (OnnxScorer s = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults())) {
      Request big = RandomModels.request(A, 5, 300, 4);
      float[] click = new float[300], engage = new float[300];
      s.score(big.behaviours(), big.mask(), big.dense(), big.target(), 300, click, engage); // grows the scratch
      long before = direct.getCount();
      for (int i = 0; i < 200; i++) {
        int n = 1 + (i * 37) % 300; // smaller requests reuse the grown buffers
        s.score(big.behaviours(), big.mask(), big.dense(), big.target(), n, click, engage);
      }
      assertThat(direct.getCount() - before).as("direct buffers allocated by 200 calls").isZero();
    }
  }

  @Test
  void shortArraysAreRefusedNamingTheArgument() throws Exception {
    Request r = RandomModels.request(A, 1, 4, 2);
    try (OnnxScorer s = OnnxScorer.load(MODEL, A, OnnxScorerConfig.defaults())) {
      assertThatThrownBy(() -> s.score(r.behaviours(), r.mask(), r.dense(), r.target(), 5, new float[5], new float[5]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense");
      assertThatThrownBy(() -> s.score(r.behaviours(), new float[1], r.dense(), r.target(), 4, new float[4], new float[4]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask");
      assertThatThrownBy(() -> s.score(r.behaviours(), r.mask(), r.dense(), r.target(), 4, new float[4], new float[3]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engageOut");
    }
  }

  @Test
  void configRefusesNonPositiveThreads() {
    assertThatThrownBy(() -> new OnnxScorerConfig(0, false)).hasMessageContaining("intraOpThreads");
    assertThat(OnnxScorerConfig.defaults()).isEqualTo(new OnnxScorerConfig(1, false));
  }
}
