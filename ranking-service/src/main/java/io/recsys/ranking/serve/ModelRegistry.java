package io.recsys.ranking.serve;

import io.recsys.core.artifact.ArtifactEvent;
import io.recsys.core.artifact.ArtifactException;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.LoadedArtifact;
import io.recsys.core.artifact.ServingArtifact;
import io.recsys.ranking.train.RankerArtifacts;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ranker versions this service scores with: the current one ({@code CURRENT}, hot-swapped through
 * a {@link ServingArtifact}) and, on demand, older or newer versions a request names (the gateway's A/B
 * variants), kept in a small least-recently-used cache.
 *
 * <p>Models hold ONNX sessions, so they are reference-counted: {@link #lease} retains the model for
 * one request and the {@link Lease} releases it. A model swapped out (or evicted from the cache) is
 * closed at once and freed when its last lease ends.
 *
 * <p><b>Thread safety:</b> thread-safe. The current model is one volatile read; the named-version
 * cache is guarded by its own lock, held while a named version loads (rare: the first request naming it).
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final ArtifactStore store;
  private final RankingModelLoader loader;
  private final ServingArtifact<RankingModel> serving;
  private final AtomicReference<RankingModel> lastServed;
  private final LinkedHashMap<String, RankingModel> named;

  /** A model retained for one request; closing it releases the model. */
  public record Lease(RankingModel model) implements AutoCloseable {
    @Override
    public void close() {
      model.release();
    }
  }

  /** Thrown when a request names a version that is not published (or cannot be served): a 400 naming {@code model}. */
  public static final class UnknownVersionException extends RuntimeException {
    public UnknownVersionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Loads {@code CURRENT}; fails (naming the path) when nothing valid is published.
   *
   * @param cachedVersions how many named (non-current) versions stay loaded
   */
  public ModelRegistry(ArtifactStore store, RankingModelLoader loader, int cachedVersions) {
    this.store = store;
    this.loader = loader;
    this.serving = ServingArtifact.open(store, RankerArtifacts.RANKER, loader);
    this.lastServed = new AtomicReference<>(serving.current().value());
    this.named = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RankingModel> eldest) {
        if (size() <= cachedVersions) return false;
        eldest.getValue().close();
        return true;
      }
    };
    serving.onEvent(this::onEvent);
  }

  /** Polls {@code CURRENT} every {@code interval}. */
  public void start(Duration interval) {
    serving.start(interval);
  }

  public ServingArtifact<RankingModel> serving() {
    return serving;
  }

  public LoadedArtifact<RankingModel> current() {
    return serving.current();
  }

  /**
   * Retains the model of {@code version} (null: the current one) for one request.
   *
   * @throws UnknownVersionException when {@code version} is not a published, servable ranker version
   */
  public Lease lease(String version) {
    for (;;) {
      RankingModel m = version == null ? serving.current().value() : named(version);
      // A model swapped out between the read and the retain is freed: read again.
      if (m.tryRetain()) return new Lease(m);
    }
  }

  private RankingModel named(String version) {
    LoadedArtifact<RankingModel> current = serving.current();
    if (current.version().name().equals(version)) return current.value();
    synchronized (named) {
      RankingModel m = named.get(version);
      if (m != null) return m;
      if (!ArtifactVersion.isValidName(version)) {
        throw new UnknownVersionException("'" + version + "' is not a valid version name", null);
      }
      ArtifactVersion v;
      try {
        v = store.version(RankerArtifacts.RANKER, version);
        v.verify();
        m = loader.load(v);
      } catch (ArtifactException e) {
        throw new UnknownVersionException("no servable ranker version '" + version + "' (published: "
            + store.versions(RankerArtifacts.RANKER) + ")", e);
      } catch (IOException | RuntimeException e) {
        throw new UnknownVersionException("ranker version '" + version + "' cannot be served: " + e.getMessage(), e);
      }
      LOG.info("loaded ranker {} on request (current is {})", version, current.version().name());
      named.put(version, m);
      return m;
    }
  }

  private void onEvent(ArtifactEvent event) {
    if (event instanceof ArtifactEvent.Swapped s) {
      RankingModel old = lastServed.getAndSet(serving.current().value());
      // In-flight requests hold leases: the session is freed when the last one ends.
      if (old != null) old.close();
      LOG.info("ranker {} closed after the swap to {}", s.from(), s.to());
    }
  }

  @Override
  public void close() {
    serving.close();
    RankingModel last = lastServed.getAndSet(null);
    if (last != null) last.close();
    synchronized (named) {
      for (RankingModel m : named.values()) m.close();
      named.clear();
    }
  }
}
