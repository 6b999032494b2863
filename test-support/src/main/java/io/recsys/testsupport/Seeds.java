package io.recsys.testsupport;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.function.Executable;

/**
 * Seeds for generated-case tests ({@link SeedSource}), and failure messages that say how to replay
 * one.
 *
 * <ul>
 *   <li>By default a test method gets the same {@code tries} seeds on every run and every machine,
 *       derived from its class and method name: a failure in CI fails the same way locally.
 *   <li>{@code -Drecsys.seed=N} runs every seeded test with the one seed {@code N} (the seed a failure
 *       printed); combine it with {@code -Dtest=Class#method}.
 *   <li>{@code -Drecsys.seed.base=N} derives a different set of seeds, to explore new cases (e.g. a
 *       long run with another base now and then); a failure prints its seed as always.
 * </ul>
 */
public final class Seeds {
  /** Runs only this seed (a failure's seed, to replay it). */
  public static final String REPLAY_PROPERTY = "recsys.seed";
  /** Mixed into every test's seeds: another value gives other cases. */
  public static final String BASE_PROPERTY = "recsys.seed.base";

  private static final long DEFAULT_BASE = 0x5EED_2026_0001L;

  private Seeds() {}

  /**
   * {@code tries} seeds for the test called {@code name} (e.g. {@code Class#method}), or just the
   * replayed one when {@value #REPLAY_PROPERTY} is set.
   */
  public static LongStream of(String name, int tries) {
    if (tries < 1) throw new IllegalArgumentException("tries must be at least 1: " + tries);
    String replay = System.getProperty(REPLAY_PROPERTY, "").trim();
    if (!replay.isEmpty()) return LongStream.of(Long.parseLong(replay));
    long base = Long.parseLong(System.getProperty(BASE_PROPERTY, Long.toString(DEFAULT_BASE)).trim());
    // Every name gets its own stream of seeds; the first of them are as random as the rest.
    return new SplittableRandom(base ^ (name.hashCode() * 0x9E37_79B9_7F4A_7C15L)).longs(tries);
  }

  /**
   * Runs {@code body}, the assertions on a generated case; if it fails (an assertion or any exception),
   * fails with the seed, the case and how to replay it in front of the original message, the original
   * failure as the cause.
   */
  public static void check(long seed, Object generatedCase, Executable body) {
    try {
      body.execute();
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError fatal) throw fatal;
      throw new AssertionError(describe(seed, generatedCase, caller()) + "\n" + failure, failure);
    }
  }

  /** The first line of a failure message: the seed, the case, and the command that replays it. */
  static String describe(long seed, Object generatedCase, String test) {
    return "seed=" + seed + " case=" + generatedCase + "\n  replay: ./mvnw test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="
        + test + " -D" + REPLAY_PROPERTY + "=" + seed;
  }

  /** {@code Class#method} of the test that called {@link #check}, looking through lambdas in it. */
  private static String caller() {
    List<StackWalker.StackFrame> frames = StackWalker.getInstance().walk(s -> s
        .dropWhile(f -> f.getClassName().equals(Seeds.class.getName())).limit(64).toList());
    if (frames.isEmpty()) return "<test>";
    String testClass = outer(frames.getFirst().getClassName());
    return frames.stream()
        .filter(f -> outer(f.getClassName()).equals(testClass) && !f.getMethodName().startsWith("lambda$"))
        .findFirst().orElse(frames.getFirst())
        .getMethodName().transform(method -> simpleName(testClass) + "#" + method);
  }

  private static String outer(String className) {
    return className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
