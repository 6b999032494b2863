package io.recsys.core.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test artefact: two files, {@code a.txt} and {@code b/b.txt}, that each hold a number. A whole
 * version has the same number in both (and in its manifest's metric {@code n}); a reader that sees two
 * different numbers has seen parts of two versions.
 */
record Pair(long a, long b) {
  static final ArtifactKind KIND = ArtifactKind.EMBEDDINGS;
  static final String A = "a.txt";
  static final String B = "b/b.txt";

  /** Reads both files and checks nothing, so that a torn version would show. */
  static final ArtifactLoader<Pair> LOADER = version -> new Pair(read(version.file(A)), read(version.file(B)));

  /** Also refuses a version whose files disagree. */
  static final ArtifactLoader<Pair> CHECKING_LOADER = version -> {
    Pair p = LOADER.load(version);
    if (p.a != p.b) throw new IllegalStateException("a.txt says " + p.a + " but b/b.txt says " + p.b);
    return p;
  };

  static ArtifactWriter writer(long n) {
    return writer(n, n);
  }

  static ArtifactWriter writer(long a, long b) {
    return dir -> {
      Files.writeString(dir.resolve(A), a + "\n");
      Files.createDirectories(dir.resolve("b"));
      Files.writeString(dir.resolve(B), b + "\n");
    };
  }

  static ManifestInfo info(long n) {
    return new ManifestInfo(Fingerprint.of(("training data " + n).getBytes(StandardCharsets.UTF_8)), 3,
        "test publish " + n, "0123456789abcdef", Map.of("n", (double) n));
  }

  static ArtifactVersion publish(ArtifactStore store, long n) {
    return store.publish(KIND, writer(n), info(n));
  }

  /** The metric {@code n} of the manifest. */
  static long n(ArtifactVersion version) {
    return version.manifest().metrics().get("n").longValue();
  }

  private static long read(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).strip());
  }
}
