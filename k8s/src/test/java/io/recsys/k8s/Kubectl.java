package io.recsys.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize} (kustomize built into kubectl), the one renderer the manifests are written for. */
final class Kubectl {
  static final String MISSING = "kubectl is not on the PATH: the kustomize overlays were not rendered or checked "
      + "(install kubectl >= 1.27, which has kustomize v5 built in, to run these tests)";

  private Kubectl() {}

  static boolean available() {
    try {
      return run(List.of("kubectl", "version", "--client"), 30).exit == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The rendered YAML of the kustomization in {@code dir}; fails with kubectl's message when it does not render. */
  static String kustomize(Path dir) {
    try {
      Result r = run(List.of("kubectl", "kustomize", dir.toString()), 120);
      if (r.exit != 0) throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + r.exit + "):\n" + r.err);
      return r.out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(List<String> command, int timeoutSeconds) throws IOException {
    Process p = new ProcessBuilder(command).start();
    // Read both streams while the process runs (a full pipe would block it).
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
    Thread e = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      o.join();
      e.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process went away: what was read is what there is
    }
  }
}
