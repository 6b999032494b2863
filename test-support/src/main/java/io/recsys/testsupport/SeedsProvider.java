package io.recsys.testsupport;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Provides the seeds of a {@link SeedSource} test: {@link Seeds#of(String, int)} for its method. */
final class SeedsProvider extends AnnotationBasedArgumentsProvider<SeedSource> {
  @Override
  protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
      SeedSource source) {
    String name = context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
    return Seeds.of(name, source.tries()).mapToObj(Arguments::of);
  }
}
