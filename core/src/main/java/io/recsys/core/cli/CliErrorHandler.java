package io.recsys.core.cli;

import io.recsys.core.dataset.BadRowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The error handling every {@code ./recsys} command shares: failures a user can fix (bad input rows,
 * bad arguments, missing or unreadable files) become one line {@code error: <message>} on stderr and
 * exit code 1, with no stack trace. Anything else is a bug and is rethrown, so picocli prints its
 * trace. Stateless.
 */
public final class CliErrorHandler implements IExecutionExceptionHandler {
  public static final int EXIT_BAD_INPUT = 1;

  /** {@code command} wired with this handler and case-insensitive enum options, ready to execute. */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(new CliErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
    String message = message(ex);
    if (message == null) throw ex;
    cmd.getErr().println("error: " + message);
    cmd.getErr().flush();
    return EXIT_BAD_INPUT;
  }

  /** The one-line message for a failure the user can fix, or null for anything else. */
  static String message(Throwable ex) {
    return switch (ex) {
      case BadRowException e -> e.getMessage();
      case io.recsys.core.artifact.ArtifactException e -> e.getMessage();
      case IllegalArgumentException e -> e.getMessage();
      case NoSuchFileException e -> "no such file: " + e.getFile();
      case AccessDeniedException e -> "permission denied: " + e.getFile();
      case FileAlreadyExistsException e -> "already exists: " + e.getFile();
      case NotDirectoryException e -> "not a directory: " + e.getFile();
      case IOException e -> e.getMessage() != null ? e.getMessage() : e.toString();
      case UncheckedIOException e -> message(e.getCause());
      default -> null;
    };
  }
}
