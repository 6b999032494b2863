package io.recsys.core.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the ground truth next to the dataset, in {@code DIR/truth/}; {@link GroundTruth} reads it
 * back. Files:
 *
 * <ul>
 *   <li>{@code items.csv}: itemId, topic, ringPosition, popularityRank, popularity, ctr, cartRate,
 *       purchaseRate; one row per item, in item index order;
 *   <li>{@code item-embeddings.f32}: the embeddings, layout in {@link EmbeddingFile};
 *   <li>{@code topics.csv}: topic, name, items, weight, c0..c{d-1} (the centroid);
 *   <li>{@code users.jsonl}: {@code {"userId","activity","interests":[{"topic","weight"}]}} per user,
 *       streamed as users are generated;
 *   <li>{@code manifest.json}: {@link TruthManifest}, written last (its presence means the run
 *       finished).
 * </ul>
 *
 * Not thread-safe; close it, then write {@link #manifest}.
 */
final class TruthWriter implements AutoCloseable {
  static final String DIR = "truth";
  static final String ITEMS_CSV = "items.csv";
  static final String EMBEDDINGS = "item-embeddings.f32";
  static final String TOPICS_CSV = "topics.csv";
  static final String USERS_JSONL = "users.jsonl";
  static final String MANIFEST = "manifest.json";
  static final String[] ITEM_COLUMNS = {
      "itemId", "topic", "ringPosition", "popularityRank", "popularity", "ctr", "cartRate", "purchaseRate"};
  static final List<String> TOPIC_COLUMNS = List.of("topic", "name", "items", "weight");

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  private final Path dir;
  private final Writer users;

  TruthWriter(Path datasetDir) throws IOException {
    this.dir = datasetDir.resolve(DIR);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(MANIFEST)); // an old manifest must not vouch for a half-written run
    this.users = open(dir.resolve(USERS_JSONL));
  }

  private static BufferedWriter open(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Writes items.csv, item-embeddings.f32 and topics.csv. */
  void catalog(Catalog catalog) throws IOException {
    try (CSVPrinter out = new CSVPrinter(open(dir.resolve(ITEMS_CSV)),
        CSV.builder().setHeader(ITEM_COLUMNS).get())) {
      for (int item = 0; item < catalog.items(); item++) {
        out.printRecord(Catalog.itemId(item), catalog.topic(item), catalog.ringPosition(item),
            catalog.popularityRank(item), catalog.popularity(item), catalog.ctr(item), catalog.cartRate(item),
            catalog.purchaseRate(item));
      }
    }
    EmbeddingFile.write(dir.resolve(EMBEDDINGS), catalog);
    List<String> header = new ArrayList<>(TOPIC_COLUMNS);
    for (int k = 0; k < catalog.dim(); k++) header.add("c" + k);
    float[] centroid = new float[catalog.dim()];
    try (CSVPrinter out = new CSVPrinter(open(dir.resolve(TOPICS_CSV)),
        CSV.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (int t = 0; t < catalog.topics(); t++) {
        List<Object> row = new ArrayList<>(header.size());
        row.add(t);
        row.add(catalog.topicName(t));
        row.add(catalog.topicSize(t));
        row.add(catalog.topicWeight(t));
        catalog.centroid(t, centroid, 0);
        for (float c : centroid) row.add(c);
        out.printRecord(row);
      }
    }
  }

  /** Appends one user to users.jsonl. */
  void user(UserProfile profile) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userId", profile.userId());
    json.put("activity", profile.activity());
    json.put("interests", profile.interests());
    try {
      users.write(JSON.writeValueAsString(json));
      users.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes manifest.json into {@code datasetDir}/truth; call once every other file is closed, so a
   * manifest always vouches for a complete run.
   */
  static void manifest(Path datasetDir, SyntheticConfig config, GenerationCounts counts) throws IOException {
    Path dir = datasetDir.resolve(DIR);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(ITEMS_CSV, "per item: " + String.join(",", ITEM_COLUMNS));
    files.put(EMBEDDINGS, "\"RSEMBF32\", int32 count, int32 dim, then count x dim float32, all little-endian;"
        + " row k = row k of " + ITEMS_CSV);
    files.put(TOPICS_CSV, "per topic: topic,name,items,weight,c0..c" + (config.dim() - 1) + " (unit centroid)");
    files.put(USERS_JSONL, "per user: userId, activity, interests [{topic, weight}] (weights sum to 1)");
    TruthManifest manifest = new TruthManifest(TruthManifest.GENERATOR, SyntheticDatasetGenerator.VERSION, config,
        counts, files);
    Files.writeString(dir.resolve(MANIFEST),
        JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(manifest) + "\n");
  }

  @Override
  public void close() throws IOException {
    users.close();
  }
}
