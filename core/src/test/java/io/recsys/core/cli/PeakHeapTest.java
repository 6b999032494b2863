package io.recsys.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeakHeapTest {
  @Test
  void peakCoversAnArrayHeldDuringTheMeasurement() {
    PeakHeap.reset();
    byte[] held = new byte[64 << 20];
    held[held.length - 1] = 1;

    assertThat(PeakHeap.usedBytes()).isGreaterThanOrEqualTo(held.length);
  }
}
