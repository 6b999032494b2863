package io.recsys.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The work of one offline stage: writes its artefact's files into {@code dir} and returns its offline metrics. */
@FunctionalInterface
public interface StageBody {
  Map<String, Double> run(Path dir, Progress progress) throws IOException;
}
