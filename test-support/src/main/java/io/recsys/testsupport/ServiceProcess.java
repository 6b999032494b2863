package io.recsys.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real service process for end-to-end tests: {@code java -cp <classpath> <mainClass> args...} started
 * as a child process, with its own environment variables, and waited for until it is ready, which is
 * when an HTTP URL (e.g. {@code /actuator/health/readiness}) answers 200 and/or a given text appears in
 * its output. Its stdout and stderr go to a log file, whose last lines every failure message carries.
 * {@link #close()} stops the process and everything it started (graceful first, then killed).
 *
 * <pre>{@code
 * int port = FreePorts.next();
 * try (ServiceProcess service = ServiceProcess.java("io.recsys.featurestore.ingest.ServeCommand")
 *     .args("--port", Integer.toString(port))
 *     .env("REDIS_URL", redis.uri())
 *     .readyWhenHttpOk(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
 *     .start()) {
 *   // talk to it over HTTP; service.output() holds what it printed so far
 * }
 * }</pre>
 *
 * <p>The classpath defaults to the test's own (so a test starts mains of its module and its
 * dependencies); {@link Builder#classpath(String)} replaces it. Starting and closing are meant for one
 * thread; {@link #output()} may be read from any.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final int TAIL_LINES = 60;
  private static final Duration POLL = Duration.ofMillis(50);

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Path log;
  private final Duration stopTimeout;
  private final Thread reaper;

  private ServiceProcess(String name, List<String> command, Process process, Path log, Duration stopTimeout) {
    this.name = name;
    this.command = command;
    this.process = process;
    this.log = log;
    this.stopTimeout = stopTimeout;
    // A test JVM that dies (or is killed by a timeout) must not leave services listening behind it.
    this.reaper = new Thread(() -> kill(descendantsAndSelf()), "ServiceProcess reaper " + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** A process running {@code mainClass} on the current JVM's {@code java}. */
  public static Builder java(String mainClass) {
    return new Builder(mainClass);
  }

  /**
   * The classpath of the running tests. Surefire starts its forked JVM from a manifest-only jar, so
   * {@code java.class.path} may be that jar alone; surefire puts the real classpath into
   * {@code surefire.test.class.path}, which wins when present.
   */
  public static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file holding the process's stdout and stderr. */
  public Path logFile() {
    return log;
  }

  /** Everything the process printed so far (stdout and stderr, interleaved as written). */
  public String output() {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + name + " in " + log, e);
    }
  }

  /** Waits until the output contains {@code text}; fails with the output's tail after {@code timeout}. */
  public void awaitOutput(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (System.nanoTime() > deadline) throw failure("did not print \"" + text + "\" within " + timeout);
      sleep(POLL);
    }
  }

  /** Waits for the process to exit by itself and returns its exit code; fails after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw failure("did not exit within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
    }
    return process.exitValue();
  }

  /**
   * Stops the process and every process it started: SIGTERM to all of them (a Spring service shuts
   * down gracefully), then SIGKILL to whatever still runs after the stop timeout. Idempotent.
   */
  @Override
  public void close() {
    kill(descendantsAndSelf());
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway; nothing is left for it to do
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", output in " + log + ")";
  }

  private List<ProcessHandle> descendantsAndSelf() {
    // Collected before anything is stopped: once a parent exits, its children are re-parented and
    // no longer show up as its descendants.
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    return all;
  }

  private void kill(List<ProcessHandle> processes) {
    for (ProcessHandle p : processes) p.destroy();
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    for (ProcessHandle p : processes) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception stillRunningOrInterrupted) {
        // killed below
      }
      if (p.isAlive()) p.destroyForcibly();
    }
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a process that survives SIGKILL for 5 s is beyond what a test can do about it
      }
    }
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(name + " " + what + "\ncommand: " + String.join(" ", command) + "\n"
        + "--- last " + TAIL_LINES + " lines of " + log + " ---\n" + tail(output(), TAIL_LINES));
  }

  /** The last {@code lines} lines of {@code text} (all of it when shorter). */
  static String tail(String text, int lines) {
    int at = text.endsWith("\n") ? text.length() - 1 : text.length();
    for (int n = 0; n < lines; n++) {
      int nl = text.lastIndexOf('\n', at - 1);
      if (nl < 0) return text;
      at = nl;
    }
    return text.substring(at + 1);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a service process", e);
    }
  }

  /** How to start a {@link ServiceProcess}; {@link #start()} runs it and waits until it is ready. */
  public static final class Builder {
    private final String mainClass;
    private String classpath = testClasspath();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private Path log;
    private URI readyUrl;
    private String readyText;
    private Duration startTimeout = Duration.ofSeconds(60);
    private Duration stopTimeout = Duration.ofSeconds(10);
    private String name;

    private Builder(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    }

    /** The {@code -cp} value; default {@link ServiceProcess#testClasspath()}. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath");
      return this;
    }

    /** JVM options before the main class, e.g. {@code -Xmx256m}. */
    public Builder jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Program arguments after the main class. */
    public Builder args(String... arguments) {
      args.addAll(List.of(arguments));
      return this;
    }

    /** An environment variable for the process, on top of the test JVM's environment. */
    public Builder env(String variable, String value) {
      env.put(variable, value);
      return this;
    }

    /** The working directory; default the test's. */
    public Builder directory(Path dir) {
      this.directory = dir;
      return this;
    }

    /** Where stdout and stderr go; default a new temporary file. */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    /** Ready once a GET of {@code url} answers 200. */
    public Builder readyWhenHttpOk(URI url) {
      this.readyUrl = url;
      return this;
    }

    /** Ready once the output contains {@code text} (e.g. a "listening on" line). */
    public Builder readyWhenOutputContains(String text) {
      this.readyText = text;
      return this;
    }

    /** How long {@link #start()} waits for readiness; default 60 s. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** How long {@link ServiceProcess#close()} waits after SIGTERM before SIGKILL; default 10 s. */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = timeout;
      return this;
    }

    /** The name failure messages use; default the main class's simple name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Starts the process and returns once every readiness condition given holds (at once when none
     * was given). Fails, with the command and the output's last lines, when the process exits first
     * or is not ready within the start timeout; the process is stopped then.
     */
    public ServiceProcess start() {
      String label = name != null ? name : mainClass.substring(mainClass.lastIndexOf('.') + 1);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", classpath, mainClass));
      command.addAll(args);
      ServiceProcess started;
      try {
        Path out = log != null ? log : Files.createTempFile("recsys-" + label + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (directory != null) pb.directory(directory.toFile());
        pb.environment().putAll(env);
        started = new ServiceProcess(label, shorten(command), pb.start(), out, stopTimeout);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + label + ": " + String.join(" ", shorten(command)), e);
      }
      try {
        awaitReady(started);
        return started;
      } catch (RuntimeException | Error e) {
        started.close();
        throw e;
      }
    }

    private void awaitReady(ServiceProcess p) {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      try (HttpClient http = readyUrl == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
        while (true) {
          boolean textSeen = readyText == null || p.output().contains(readyText);
          if (textSeen && (http == null || answers200(http, readyUrl))) return;
          if (!p.process.isAlive()) {
            throw p.failure("exited with code " + p.process.exitValue() + " before it was ready (" + waitingFor() + ")");
          }
          if (System.nanoTime() > deadline) throw p.failure("was not ready within " + startTimeout + " (" + waitingFor() + ")");
          sleep(POLL);
        }
      }
    }

    private String waitingFor() {
      List<String> conditions = new ArrayList<>();
      if (readyUrl != null) conditions.add("GET " + readyUrl + " answering 200");
      if (readyText != null) conditions.add("output containing \"" + readyText + "\"");
      return "waiting for " + String.join(" and ", conditions);
    }

    private static boolean answers200(HttpClient http, URI url) {
      try {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notListeningYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + url, e);
      }
    }

    /** The command line for messages, with a long classpath cut to its first entries. */
    private static List<String> shorten(List<String> command) {
      List<String> out = new ArrayList<>(command);
      int cp = out.indexOf("-cp") + 1;
      if (cp > 0 && cp < out.size() && out.get(cp).length() > 300) {
        String[] entries = out.get(cp).split(File.pathSeparator);
        out.set(cp, String.join(File.pathSeparator, List.of(entries).subList(0, Math.min(3, entries.length)))
            + File.pathSeparator + "... (" + entries.length + " entries)");
      }
      return out;
    }
  }
}
