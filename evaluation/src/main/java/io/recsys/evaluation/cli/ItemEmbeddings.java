package io.recsys.evaluation.cli;

import io.recsys.core.dataset.BadRowException;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.synthetic.GroundTruth;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Item embeddings for intra-list diversity by embedding, indexed like the dataset's items: from a CSV
 * file {@code itemId,v1,…,vd} (header optional, every row the same dimension), or from the ground
 * truth a synthetic dataset carries in {@code truth/}. Items without an embedding stay null;
 * {@link #missing} counts them, and diversity by embedding is only computed when none is missing.
 */
final class ItemEmbeddings {
  private final float[][] byItem;
  private final int missing;
  private final String source;

  private ItemEmbeddings(float[][] byItem, String source) {
    this.byItem = byItem;
    int m = 0;
    for (float[] v : byItem) if (v == null) m++;
    this.missing = m;
    this.source = source;
  }

  float[][] byItem() {
    return byItem;
  }

  int missing() {
    return missing;
  }

  String source() {
    return source;
  }

  static ItemEmbeddings fromCsv(Path file, Dataset dataset) throws IOException {
    float[][] byItem = new float[dataset.items().size()][];
    int dim = -1;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT).get()) {
      for (CSVRecord r : csv) {
        long line = csv.getCurrentLineNumber();
        if (r.size() < 2) throw new BadRowException(file, line, "expected itemId followed by the vector's values");
        float[] v = new float[r.size() - 1];
        try {
          for (int d = 0; d < v.length; d++) v[d] = Float.parseFloat(r.get(d + 1).trim());
        } catch (NumberFormatException e) {
          if (r.getRecordNumber() == 1) continue; // a header row
          throw new BadRowException(file, line, "a vector value is not a number");
        }
        if (dim < 0) dim = v.length;
        if (v.length != dim) throw new BadRowException(file, line, "vector has " + v.length + " values, earlier rows " + dim);
        int item = dataset.items().indexOf(r.get(0));
        if (item >= 0) byItem[item] = v;
      }
    }
    if (dim < 0) throw new IllegalArgumentException(file + ": no embeddings in the file");
    return new ItemEmbeddings(byItem, file.toString());
  }

  /** The synthetic generator's true item embeddings, or null when {@code dir} has no ground truth. */
  static ItemEmbeddings fromGroundTruth(Path dir, Dataset dataset) throws IOException {
    if (!Files.isRegularFile(dir.resolve("truth").resolve("manifest.json"))) return null;
    GroundTruth truth = GroundTruth.load(dir);
    float[][] byItem = new float[dataset.items().size()][];
    for (int t = 0; t < truth.itemCount(); t++) {
      int item = dataset.items().indexOf(truth.itemId(t));
      if (item >= 0) byItem[item] = truth.embedding(t);
    }
    return new ItemEmbeddings(byItem, dir.resolve("truth") + " (synthetic ground truth)");
  }
}
