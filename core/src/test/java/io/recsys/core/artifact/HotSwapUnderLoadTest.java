package io.recsys.core.artifact;

import static io.recsys.core.artifact.ArtifactTestClock.START;
import io.recsys.testsupport.MutableClock;
import static io.recsys.core.artifact.Pair.KIND;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 publishes and swaps while request threads read the served value and another thread reads the
 * store directly. The loader checks nothing, so a version read half-written, or a value paired with
 * the wrong version, would show as disagreeing numbers.
 */
class HotSwapUnderLoadTest {
  static final int SWAPS = 100;

  @TempDir(factory = MemoryTempDir.class) Path root;

  @Test
  void hundredSwapsUnderConcurrentReadersNeverShowAMixedOrMissingVersion() throws InterruptedException {
    MutableClock clock = new MutableClock(START);
    ArtifactStore store = new ArtifactStore(root, clock);
    Pair.publish(store, 0);
    ServingArtifact<Pair> serving = ServingArtifact.open(store, KIND, Pair.LOADER);
    AtomicBoolean done = new AtomicBoolean();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    List<AtomicLong> distinctSeen = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();

    for (int r = 0; r < 2; r++) {
      AtomicLong seen = new AtomicLong();
      distinctSeen.add(seen);
      readers.add(Thread.ofPlatform().name("request-" + r).start(() -> {
        long lastN = -1;
        String lastName = "";
        while (!done.get() && failures.isEmpty()) {
          LoadedArtifact<Pair> request = serving.current();
          if (request == null || request.value() == null) {
            failures.add("no version served");
            return;
          }
          Pair value = request.value();
          long n = Pair.n(request.version());
          if (value.a() != value.b() || value.a() != n) {
            failures.add("mixed version: " + value + " from " + request.version() + " (n=" + n + ")");
          }
          if (n < lastN || request.version().name().compareTo(lastName) < 0) {
            failures.add("went back from " + lastName + " (n=" + lastN + ") to " + request.version().name());
          }
          if (n != lastN) seen.incrementAndGet();
          lastN = n;
          lastName = request.version().name();
          LockSupport.parkNanos(20_000); // leave the 2-core CI machine to the publisher now and then
        }
      }));
    }
    AtomicLong diskSeen = new AtomicLong();
    readers.add(Thread.ofPlatform().name("disk-reader").start(() -> {
      long lastN = -1;
      while (!done.get() && failures.isEmpty()) {
        try {
          ArtifactVersion v = store.current(KIND); // CURRENT read, manifest and sizes checked
          Pair value = Pair.LOADER.load(v);
          long n = Pair.n(v);
          if (value.a() != value.b() || value.a() != n) failures.add("torn version on disk: " + value + " in " + v);
          if (n < lastN) failures.add("CURRENT went back from n=" + lastN + " to " + v);
          if (n != lastN) diskSeen.incrementAndGet();
          lastN = n;
        } catch (Exception e) {
          failures.add("disk read failed: " + e);
        }
      }
    }));

    List<String> published = new ArrayList<>();
    for (int n = 1; n <= SWAPS && failures.isEmpty(); n++) {
      published.add(Pair.publish(store, n).name());
      clock.advance(Duration.ofMillis(300));
      Optional<ArtifactEvent> event = serving.refresh();
      if (!(event.orElse(null) instanceof ArtifactEvent.Swapped)) failures.add("publish " + n + " gave " + event);
    }
    done.set(true);
    for (Thread t : readers) t.join(10_000);

    assertThat(failures).isEmpty();
    assertThat(readers).noneMatch(Thread::isAlive);
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(SWAPS, 0));
    assertThat(serving.current().value()).isEqualTo(new Pair(SWAPS, SWAPS));
    assertThat(published).doesNotHaveDuplicates().isSorted();
    assertThat(store.versions(KIND)).hasSize(SWAPS + 1).endsWith(published.get(SWAPS - 1));
    // the readers really ran across swaps, not before or after them
    assertThat(distinctSeen).allSatisfy(seen -> assertThat(seen.get()).isGreaterThan(1));
    assertThat(diskSeen.get()).isGreaterThan(1);
  }
}
