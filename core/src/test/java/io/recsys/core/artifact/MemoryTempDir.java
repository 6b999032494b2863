package io.recsys.core.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir(factory = MemoryTempDir.class)}: a temporary folder on {@code /dev/shm} (tmpfs) where
 * the machine has one, else the standard one. Every publish fsyncs several files and folders, a few
 * milliseconds each on a disk and nothing on tmpfs, so tests that publish a hundred versions stay
 * fast; the code run is the same. {@code ArtifactStoreTest} still publishes once on a real disk.
 */
final class MemoryTempDir implements TempDirFactory {
  private static final Path SHM = Path.of("/dev/shm");

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
    if (Files.isDirectory(SHM) && Files.isWritable(SHM)) return Files.createTempDirectory(SHM, "recsys-artifact-");
    return TempDirFactory.Standard.INSTANCE.createTempDirectory(element, context);
  }
}
