package io.recsys.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository is, and its files the manifests are checked against. */
final class Repo {
  /** The five services: module name = artifactId = Deployment and Service name = image name. */
  static final List<String> SERVICES = List.of("gateway", "candidate-service", "ranking-service", "rerank-service", "feature-store");

  private Repo() {}

  /** The repository root: {@code recsys.root} (set by the parent pom's surefire configuration), else above {@code k8s/}. */
  static Path root() {
    String p = System.getProperty("recsys.root");
    Path root = p != null && !p.isBlank() ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isDirectory(root.resolve("k8s/base"))) {
      Path here = Path.of("").toAbsolutePath();
      root = Files.isDirectory(here.resolve("k8s/base")) ? here : here.getParent();
    }
    return root.toAbsolutePath().normalize();
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  /** Every directory under {@code k8s/overlays} holding a kustomization. */
  static List<Path> overlays() {
    try (Stream<Path> s = Files.list(k8s().resolve("overlays"))) {
      return s.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String relative) {
    return read(root().resolve(relative));
  }
}
