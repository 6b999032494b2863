package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each test starts a real JVM from this module's test classes (see {@link ServiceProcessFixtures}). */
class ServiceProcessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void startsAMainWithItsEnvironmentAndReturnsOnlyOnceItsUrlAnswers200() throws Exception {
    int port = FreePorts.next();
    try (ServiceProcess service = ServiceProcess.java(ServiceProcessFixtures.WarmingUpHttpServer.class.getName())
        .args(Integer.toString(port))
        .env("GREETING", "hello from the environment")
        .readyWhenHttpOk(URI.create("http://127.0.0.1:" + port + "/ready"))
        .start()) {
      // The server answers 503 while warming up: a start() that returned on the first answer, or on
      // "listening on", would see 503 here.
      HttpResponse<String> r = get("http://127.0.0.1:" + port + "/greeting");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hello from the environment");
      assertThat(service.output()).contains("listening on " + port);
    }
  }

  @Test
  void waitsForATextInTheOutput() {
    try (ServiceProcess service = ServiceProcess.java(ServiceProcessFixtures.SlowStarter.class.getName())
        .readyWhenOutputContains("ready to serve").start()) {
      assertThat(service.isAlive()).isTrue();
      assertThat(service.output()).contains("ready to serve");
    }
  }

  @Test
  void aProcessThatExitsBeforeItIsReadyFailsWithItsExitCodeAndOutput() {
    assertThatThrownBy(() -> ServiceProcess.java(ServiceProcessFixtures.FailingStarter.class.getName())
            .readyWhenOutputContains("never printed").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FailingStarter exited with code 3 before it was ready")
        .hasMessageContaining("boom: no configuration found");
  }

  @Test
  void withoutAReadinessConditionStartReturnsAtOnceAndTheExitCodeCanBeAwaited() {
    try (ServiceProcess service = ServiceProcess.java(ServiceProcessFixtures.FailingStarter.class.getName()).start()) {
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
      assertThat(service.output()).contains("boom: no configuration found");
    }
  }

  @Test
  void aProcessNotReadyWithinTheTimeoutFailsAndIsStopped() {
    Throwable failure = catchThrowable(() ->
        ServiceProcess.java(ServiceProcessFixtures.SlowStarter.class.getName())
            .readyWhenOutputContains("a line it never prints").startTimeout(Duration.ofSeconds(3)).start());

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was not ready within PT3S")
        .hasMessageContaining("output containing \"a line it never prints\"");
    long pid = pidAfter("pid ", failure.getMessage());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
  }

  @Test
  void closeStopsTheProcessAndTheProcessesItStarted() {
    ServiceProcess parent = ServiceProcess.java(ServiceProcessFixtures.ParentOfAChild.class.getName())
        .readyWhenOutputContains("child pid").start();
    try {
      long childPid = pidAfter("child pid ", parent.output());
      Optional<ProcessHandle> child = ProcessHandle.of(childPid);
      assertThat(child).as("the child is running before close").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

      parent.close();

      assertThat(parent.isAlive()).isFalse();
      assertThat(child.get().isAlive()).as("child %d after close", childPid).isFalse();
    } finally {
      parent.close();
    }
  }

  @Test
  void failureMessagesCarryTheLastLinesOfTheOutput() {
    assertThat(ServiceProcess.tail("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
    assertThat(ServiceProcess.tail("a\nb\nc", 2)).isEqualTo("b\nc");
    assertThat(ServiceProcess.tail("a\nb", 5)).isEqualTo("a\nb");
    assertThat(ServiceProcess.tail("", 3)).isEmpty();
  }

  private static long pidAfter(String prefix, String text) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)").matcher(text);
    assertThat(m.find()).as("'%s' followed by a pid in: %s", prefix, text).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
