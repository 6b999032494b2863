package io.recsys.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.BadRowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final Exception toThrow;

    Failing(Exception toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(Exception e) {
    CommandLine cmd = new CommandLine(new Failing(e)).setExecutionExceptionHandler(new CliErrorHandler());
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute();
  }

  @Test
  void userErrorsBecomeOneLineAndExitCodeOne() {
    assertThat(run(new BadRowException(Path.of("a.csv"), 3, "bad"))).isEqualTo(1);
    assertThat(run(new IllegalArgumentException("no good"))).isEqualTo(1);
    assertThat(run(new IOException("disk full"))).isEqualTo(1);
    assertThat(run(new UncheckedIOException(new NoSuchFileException("x/y")))).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly("error: a.csv:3: bad", "error: no good",
        "error: disk full", "error: no such file: x/y");
  }

  @Test
  void describesTerseFileExceptionsByWhatHappened() {
    assertThat(CliErrorHandler.message(new java.nio.file.FileAlreadyExistsException("out/events.csv")))
        .isEqualTo("already exists: out/events.csv");
    assertThat(CliErrorHandler.message(new java.nio.file.NotDirectoryException("data")))
        .isEqualTo("not a directory: data");
  }

  @Test
  void bugsPropagateWithTheirStackTrace() {
    CommandLine cmd = new CommandLine(new Failing(new IllegalStateException("bug")))
        .setExecutionExceptionHandler(new CliErrorHandler());
    cmd.setErr(new PrintWriter(err, true));
    assertThatThrownBy(() -> new CliErrorHandler().handleExecutionException(new IllegalStateException("bug"), cmd,
        null)).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    assertThat(err.toString()).isEmpty();
  }
}
