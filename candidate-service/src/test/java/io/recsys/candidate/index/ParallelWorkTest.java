package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelWorkTest {
  @Test
  void runsEveryUnitExactlyOnceAndEndsWithFullProgress() throws IOException {
    AtomicIntegerArray runs = new AtomicIntegerArray(10_000);
    long[] last = new long[2];
    ParallelWork.run("test", runs.length(), 3, runs::incrementAndGet, (done, total) -> {
      last[0] = done;
      last[1] = total;
    }, 5, 20_000);
    for (int i = 0; i < runs.length(); i++) assertThat(runs.get(i)).as("unit %d", i).isEqualTo(1);
    assertThat(last).containsExactly(10_005, 20_000);
  }

  @Test
  void theFirstFailureIsRethrown() {
    assertThatThrownBy(() -> ParallelWork.run("test", 1000, 2, unit -> {
      if (unit == 500) throw new IllegalStateException("unit 500 broke");
    }, (d, t) -> {}, 0, 1000)).isInstanceOf(IllegalStateException.class).hasMessage("unit 500 broke");

    assertThatThrownBy(() -> ParallelWork.run("test", 10, 2, unit -> {
      throw new UncheckedIOException(new IOException("disk full"));
    }, (d, t) -> {}, 0, 10)).isInstanceOf(IOException.class).hasMessage("disk full");
  }
}
