package io.recsys.integration.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./recsys} script as a user would, in a child process. JDK discovery is pointed
 * at folders the test builds (RECSYS_JDK_SEARCH_PATH), so the outcome does not depend on which JDKs
 * this machine happens to have.
 */
class LauncherTest {
  private static final Path ROOT = Path.of(System.getProperty("recsys.root", "..")).toAbsolutePath().normalize();

  @TempDir Path tmp;

  record Run(int exitCode, String stdout, String stderr) {}

  private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return run(60, env, args);
  }

  private Run run(int timeoutSeconds, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("recsys").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("RECSYS_JDK_SEARCH_PATH");
    pb.environment().putAll(env);
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish in " + timeoutSeconds + " s; stderr: " + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A folder that looks like a JDK of this major version to the launcher (bin/java, bin/javac, release). */
  private Path fakeJdk(Path parent, String name, int major) throws IOException {
    Path home = parent.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      Path exe = home.resolve("bin").resolve(tool);
      Files.writeString(exe, "#!/bin/sh\necho 'openjdk version \"" + major + ".0.1\"' >&2\n");
      Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.1\"\n");
    return home;
  }

  @Test
  void helpListsEveryCommand() throws Exception {
    Run r = run(Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("test", "import", "generate", "eval", "demo", "JAVA_HOME");
  }

  @Test
  void failsNamingTheJdksItFoundWhenNoneIsRecentEnough() throws Exception {
    Path jdks = Files.createDirectories(tmp.resolve("jdks"));
    Path old = fakeJdk(jdks, "jdk-17", 17);
    Path older = fakeJdk(tmp, "jdk-11", 11);
    Run r = run(Map.of("RECSYS_JDK_SEARCH_PATH", jdks.toString(), "JAVA_HOME", older.toString()), "env");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("no JDK >= 21 found", "JAVA_HOME=" + older + " (11)", old + " (17)");
  }

  @Test
  void picksTheNewestJdkWhenJavaHomeIsTooOld() throws Exception {
    Path jdks = Files.createDirectories(tmp.resolve("jdks"));
    fakeJdk(jdks, "jdk-17", 17);
    Path newest = fakeJdk(jdks, "jdk-99", 99);
    fakeJdk(jdks, "jdk-21", 21);
    Run r = run(Map.of("RECSYS_JDK_SEARCH_PATH", jdks.toString(), "JAVA_HOME", jdks.resolve("jdk-17").toString()), "env");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("java_home=" + newest, "java_version=99");
  }

  @Test
  void usesJavaHomeWhenItIsRecentEnough() throws Exception {
    Path jdks = Files.createDirectories(tmp.resolve("jdks"));
    fakeJdk(jdks, "jdk-99", 99);
    Path chosen = fakeJdk(tmp, "jdk-21", 21);
    Run r = run(Map.of("RECSYS_JDK_SEARCH_PATH", jdks.toString(), "JAVA_HOME", chosen.toString()), "env");
    assertThat(r.stdout()).contains("java_home=" + chosen);
  }

  @Test
  void envSaysWhenTheSharedFolderIsMissing() throws Exception {
    Run present = run(Map.of("RECSYS_SHARED_DIR", tmp.toString()), "env");
    Files.createDirectories(tmp.resolve("datasets"));
    Run withDatasets = run(Map.of("RECSYS_SHARED_DIR", tmp.toString()), "env");
    assertThat(present.stdout()).contains("shared_dir=" + tmp + " (missing:");
    assertThat(withDatasets.stdout()).contains("shared_dir=" + tmp + "\n");
  }

  @Test
  void rejectsAnUnknownCommandWithUsage() throws Exception {
    Run r = run(Map.of(), "fly");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("unknown command 'fly'", "Commands:");
  }

  @Test
  void everyCommandAnswersHelp() throws Exception {
    // test, demo and env are shell functions; import, generate and eval are Java mains. The reactor
    // built their modules before this one; RECSYS_NO_BUILD keeps the launcher from rebuilding inside
    // the running build.
    assumeTrue(Files.isDirectory(ROOT.resolve("evaluation/target/lib")),
        "modules not packaged (run with -am or the whole reactor); launcher --help of Java commands skipped");
    for (String command : List.of("test", "demo", "env", "serve", "bench", "import", "generate", "eval")) {
      Run r = run(Map.of("RECSYS_NO_BUILD", "1"), command, "--help");
      assertThat(r.exitCode()).as(command + " --help exit code; stderr: " + r.stderr()).isZero();
      assertThat(r.stdout()).as(command).containsIgnoringCase("usage");
    }
  }

  @Test
  void benchWithoutANameListsEveryBenchmark() throws Exception {
    Run r = run(Map.of(), "bench");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).contains("feature-read", "feature-bulk-load", "feature-writer", "ingest");
  }

  @Test
  void rejectsAnUnknownBenchmarkNamingIt() throws Exception {
    Run r = run(Map.of("RECSYS_NO_BUILD", "1"), "bench", "warp-speed");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("unknown benchmark 'warp-speed'");
  }

  @Test
  void runsABenchmarkAgainstARealRedis() throws Exception {
    assumeTrue(Files.isDirectory(ROOT.resolve("feature-store/target/test-classes")),
        "feature-store not built; the benchmark run is skipped");
    // A small writer benchmark: the harness resolves the test classpath (a nested Maven call the first
    // time), starts an embedded redis-server and applies 4000 events twice. Its numbers are not checked
    // (timing belongs to benchmarks, not tests); that it ran and measured is.
    Run r = run(240, Map.of("RECSYS_NO_BUILD", "1", "RECSYS_JAVA_OPTS", "-Xmx256m"),
        "bench", "feature-writer", "4000", "1000", "64", "16", "2");
    assertThat(r.exitCode()).as("stderr: " + r.stderr()).isZero();
    assertThat(r.stdout()).contains("4000 events per round", "median of 1 rounds", "redis-server CPU per event");
  }

  /** The service names ./recsys serve lists: the rows of its table, in order. */
  private List<String> listedServices() throws Exception {
    Run r = run(Map.of(), "serve");
    assertThat(r.exitCode()).isEqualTo(2);
    List<String> names = r.stdout().lines().filter(l -> l.matches("^  [a-z][a-z-]+ .*"))
        .map(l -> l.trim().split("\\s+")[0]).toList();
    assertThat(names).as("services listed by ./recsys serve:\n" + r.stdout()).isNotEmpty();
    return names;
  }

  @Test
  void serveWithoutANameListsEveryServiceAndRefusesAnUnknownOne() throws Exception {
    assertThat(listedServices()).contains("feature-store");
    Run r = run(Map.of("RECSYS_NO_BUILD", "1"), "serve", "teleporter");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("unknown service 'teleporter'", "feature-store");
  }

  @Test
  void everyServiceStartsTheSameWayOnTheGivenPortAndAnswersItsProbes() throws Exception {
    assumeTrue(Files.isDirectory(ROOT.resolve("feature-store/target/lib")),
        "modules not packaged (run with -am or the whole reactor); serve run skipped");
    // Services that serve trained models need published artefacts: generate a tiny dataset and train
    // it through the launcher, as a user would.
    Path artifacts = tmp.resolve("artifacts");
    Map<String, String> noBuild = Map.of("RECSYS_NO_BUILD", "1");
    Run generate = run(120, noBuild, "generate", "--out", tmp.resolve("tiny").toString(), "--size", "tiny");
    assertThat(generate.exitCode()).as(generate.stderr()).isZero();
    Run train = run(300, noBuild, "train", "--data", tmp.resolve("tiny").toString(), "--out", artifacts.toString(),
        "--no-feature-store");
    assertThat(train.exitCode()).as(train.stdout() + train.stderr()).isZero();
    assertThat(train.stdout()).contains("candidate-bundle", "published");
    for (String service : listedServices()) {
      int port;
      try (var socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      List<String> command = List.of("bash", ROOT.resolve("recsys").toString(), "serve", service, "--port", Integer.toString(port));
      ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
      pb.environment().putAll(Map.of("RECSYS_NO_BUILD", "1", "RECSYS_JAVA_OPTS", "-Xmx256m",
          "RECSYS_ARTIFACTS", artifacts.toString(),
          // Services with an embedded store keep its files here instead of the repository's data/.
          "RECSYS_REDIS_EMBEDDED_DIR", tmp.resolve(service + "-data").toString()));
      Path log = tmp.resolve(service + ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process p = pb.start();
      try {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int status = -1;
        while (status != 200 && System.nanoTime() < deadline && p.isAlive()) {
          try {
            status = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (java.net.ConnectException notYet) {
            Thread.sleep(250);
          }
        }
        assertThat(status).as(service + " readiness on port " + port + "; output:\n" + Files.readString(log)).isEqualTo(200);
        // Loopback unless --bind says otherwise, and the start line names the address really bound
        // (it used to say localhost while listening on every interface).
        assertThat(Files.readString(log)).as(service + " start line").contains(service + " listening on http://127.0.0.1:" + port)
            // The launcher grants native access (netty epoll, ONNX Runtime): no JDK warning on start.
            .doesNotContain("restricted method");
      } finally {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }
  }
}
