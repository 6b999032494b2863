package io.recsys.core.artifact;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of one artefact kind a service serves, swapped without a restart when {@code CURRENT}
 * moves.
 *
 * <p>A request calls {@link #current()} once and uses the {@link LoadedArtifact} it got to the end: the
 * version and its value are one reference, so a request never mixes two versions and keeps the one it
 * started with however many swaps happen meanwhile. {@link #refresh()} (called by the poller of
 * {@link #start}, or directly) reads {@code CURRENT}; when it names another version it loads it, checks
 * the manifest and every file's size and SHA-256, runs the {@link ArtifactLoader}'s own validation,
 * and only then replaces the reference. A version that fails any of that is refused: logged, counted
 * in {@link #metrics()}, reported to the listeners as {@link ArtifactEvent.Refused}, and the version
 * being served stays. A refused version is not retried until {@code CURRENT} names another one (a
 * published version never changes, so retrying would only repeat the refusal).
 *
 * <p><b>Why polling.</b> {@code CURRENT} is polled (a small file read every {@link
 * ArtifactConfig#pollInterval()}) rather than watched with {@link java.nio.file.WatchService}: on
 * Kubernetes ConfigMap and projected volumes the files are symlinks swapped by renaming a
 * {@code ..data} link, which inotify-based watches on the file miss or see as a delete; on NFS and
 * other network file systems changes made by another host raise no events at all; and the JDK's
 * fallback WatchService polls anyway (every few seconds, not configurable). A poll costs one small
 * read and is correct everywhere.
 *
 * <p>Old values are not closed: requests may still hold them, and the garbage collector reclaims them
 * when the last one is done. A value holding native resources (an ONNX session, a memory map) needs
 * its own reference counting.
 *
 * <p><b>Thread safety:</b> thread-safe. {@link #current()} is one volatile read and never blocks;
 * refreshes run one at a time (a lock the request path never takes); listeners run on the refreshing
 * thread, after the swap, and must be quick.
 *
 * @param <T> the loaded value
 */
public final class ServingArtifact<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServingArtifact.class);

  private final ArtifactStore store;
  private final ArtifactKind kind;
  private final ArtifactLoader<T> loader;
  private final AtomicReference<LoadedArtifact<T>> serving;
  private final List<Consumer<? super ArtifactEvent>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder swaps = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final ReentrantLock refreshLock = new ReentrantLock();
  /** The last version (or unreadable-CURRENT reason) refused; guarded by refreshLock. */
  private String lastRefused;
  /** Guarded by this. */
  private ScheduledFuture<?> poll;
  private ScheduledExecutorService ownExecutor;
  private boolean closed;

  private ServingArtifact(ArtifactStore store, ArtifactKind kind, ArtifactLoader<T> loader, LoadedArtifact<T> first) {
    this.store = store;
    this.kind = kind;
    this.loader = loader;
    this.serving = new AtomicReference<>(first);
  }

  /**
   * Loads the version {@code CURRENT} names, on the calling thread, for a service starting up. Does not
   * poll; call {@link #start} for that.
   *
   * @throws ArtifactException whose message names the path at fault when {@code CURRENT} is missing or
   *     unreadable, names a missing version, or the version fails its manifest, size, checksum or
   *     loader checks
   */
  public static <T> ServingArtifact<T> open(ArtifactStore store, ArtifactKind kind, ArtifactLoader<T> loader) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(loader, "loader");
    String name = store.currentName(kind).orElseThrow(() -> new ArtifactException(store.currentFile(kind),
        "missing; nothing to serve for " + kind + " (publish a version first)"));
    LoadedArtifact<T> first = load(store, kind, loader, name);
    LOG.info("serving {}/{}", kind, name);
    return new ServingArtifact<>(store, kind, loader, first);
  }

  /** Manifest, sizes, checksums, then the loader; every failure an {@link ArtifactException} naming the path. */
  private static <T> LoadedArtifact<T> load(ArtifactStore store, ArtifactKind kind, ArtifactLoader<T> loader,
      String name) {
    ArtifactVersion version = store.version(kind, name);
    version.verify();
    T value;
    try {
      value = loader.load(version);
    } catch (ArtifactException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ArtifactException(version.path(), "refused by the loader: " + e.getMessage(), e);
    }
    if (value == null) throw new ArtifactException(version.path(), "the loader returned null");
    return new LoadedArtifact<>(version, value);
  }

  public ArtifactKind kind() {
    return kind;
  }

  /**
   * The version served now and its value. Take it once per request and use only it, so the whole
   * request sees one version.
   */
  public LoadedArtifact<T> current() {
    return serving.get();
  }

  /**
   * Looks at {@code CURRENT} and swaps to the version it names if that is new and valid.
   *
   * @return what happened: empty when {@code CURRENT} names the version served (or a version already
   *     refused), otherwise the {@link ArtifactEvent.Swapped} or {@link ArtifactEvent.Refused} event also
   *     delivered to the listeners
   */
  public Optional<ArtifactEvent> refresh() {
    refreshLock.lock();
    try {
      LoadedArtifact<T> before = serving.get();
      String name;
      try {
        name = store.currentName(kind).orElseThrow(() -> new ArtifactException(store.currentFile(kind),
            "missing; keeping " + before.version().name()));
      } catch (ArtifactException e) {
        String key = "CURRENT: " + e.getMessage(); // ':' never occurs in a version name
        return key.equals(lastRefused) ? Optional.empty() : refuse(key, null, e);
      }
      if (name.equals(before.version().name())) {
        lastRefused = null;
        return Optional.empty();
      }
      if (name.equals(lastRefused)) return Optional.empty();
      long start = System.nanoTime();
      LoadedArtifact<T> next;
      try {
        next = load(store, kind, loader, name);
      } catch (Exception | OutOfMemoryError e) { // a too large artefact must not take the service down
        return refuse(name, name, e);
      }
      serving.set(next);
      swaps.increment();
      lastRefused = null;
      Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
      ArtifactEvent event = new ArtifactEvent.Swapped(kind, before.version().name(), name, store.clock().instant(),
          loadTime);
      LOG.info("{}: serving {} instead of {} (loaded and verified in {} ms)", kind, name, before.version().name(),
          loadTime.toMillis());
      emit(event);
      return Optional.of(event);
    } finally {
      refreshLock.unlock();
    }
  }

  private Optional<ArtifactEvent> refuse(String key, String version, Throwable e) {
    lastRefused = key;
    refusals.increment();
    String reason = e instanceof ArtifactException ? e.getMessage() : e.toString();
    LOG.warn("{}: refused {}, still serving {}: {}", kind, version == null ? "CURRENT" : version,
        serving.get().version().name(), reason);
    LOG.debug("{}: refusal of {}", kind, version, e);
    ArtifactEvent event = new ArtifactEvent.Refused(kind, version, reason, store.clock().instant());
    emit(event);
    return Optional.of(event);
  }

  private void emit(ArtifactEvent event) {
    for (Consumer<? super ArtifactEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("{}: an artefact event listener failed on {}", kind, event, e);
      }
    }
  }

  /** Registers a listener for every later {@link ArtifactEvent}. */
  public void onEvent(Consumer<? super ArtifactEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Swaps and refusals so far. */
  public SwapMetrics metrics() {
    return new SwapMetrics(swaps.sum(), refusals.sum());
  }

  /** Polls {@code CURRENT} every {@code pollInterval} on a daemon thread of its own until {@link #close()}. */
  public synchronized void start(Duration pollInterval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "artifact-poll-" + kind);
      t.setDaemon(true);
      return t;
    });
    try {
      start(executor, pollInterval);
    } catch (RuntimeException e) {
      executor.shutdown();
      throw e;
    }
    ownExecutor = executor;
  }

  /**
   * Polls {@code CURRENT} every {@code pollInterval} on {@code executor} (which stays the caller's to
   * shut down) until {@link #close()}.
   *
   * @throws IllegalStateException when already polling or closed
   */
  public synchronized void start(ScheduledExecutorService executor, Duration pollInterval) {
    Objects.requireNonNull(executor, "executor");
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    if (closed) throw new IllegalStateException("closed: " + kind);
    if (poll != null) throw new IllegalStateException("already polling " + kind);
    long nanos = pollInterval.toNanos();
    poll = executor.scheduleWithFixedDelay(this::pollOnce, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void pollOnce() {
    try {
      refresh();
    } catch (Throwable t) { // an exception escaping here would silently cancel every later poll
      LOG.error("{}: polling CURRENT failed; polling goes on", kind, t);
    }
  }

  /** Stops polling; the version served stays readable. A refresh in progress finishes. */
  @Override
  public synchronized void close() {
    closed = true;
    if (poll != null) poll.cancel(false);
    if (ownExecutor != null) ownExecutor.shutdown();
  }
}
