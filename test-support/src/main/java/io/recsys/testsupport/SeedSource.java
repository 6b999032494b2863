package io.recsys.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The seeds of a generated-case test: a JUnit {@code @ParameterizedTest} whose single {@code long}
 * parameter is a seed, from which the test generates its case ({@code new Gen(seed)}), one invocation
 * per seed:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "seed={0}")
 * @SeedSource(tries = 2000)
 * void roundTrips(long seed) {
 *   Gen gen = new Gen(seed);
 *   List<String> strings = gen.list(0, 20, () -> gen.string(0, 40));
 *   Seeds.check(seed, strings, () -> assertThat(decode(encode(strings))).isEqualTo(strings));
 * }
 * }</pre>
 *
 * <p>The seeds are fixed for a given test method (a CI failure reproduces on any machine) and differ
 * between methods; see {@link Seeds} for replaying one seed ({@code -Drecsys.seed=...}) and for
 * exploring other seeds ({@code -Drecsys.seed.base=...}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(SeedsProvider.class)
public @interface SeedSource {
  /** How many seeds, that is generated cases, the test runs. */
  int tries() default 1000;
}
