package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.BadRowException;
import io.recsys.core.dataset.InteractionType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetWriterTest {
  private static final SyntheticConfig TINY = SizePreset.TINY.config();

  @TempDir
  Path tmp;

  @Test
  void sameConfigAndSeedWriteByteIdenticalFiles() throws IOException {
    SyntheticDatasetWriter.write(TINY, tmp.resolve("a"));
    SyntheticDatasetWriter.write(TINY, tmp.resolve("b"));
    Map<String, byte[]> a = contents(tmp.resolve("a"));
    Map<String, byte[]> b = contents(tmp.resolve("b"));
    assertThat(a.keySet()).containsExactlyInAnyOrder("events.csv", "items.jsonl", "users.jsonl", "truth/items.csv",
        "truth/item-embeddings.f32", "truth/topics.csv", "truth/users.jsonl", "truth/manifest.json");
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String file : a.keySet()) assertThat(b.get(file)).as(file).isEqualTo(a.get(file));
  }

  @Test
  void differentSeedsWriteDifferentEventsItemsAndTruth() throws IOException {
    SyntheticDatasetWriter.write(TINY, tmp.resolve("a"));
    SyntheticDatasetWriter.write(TINY.withSeed(43), tmp.resolve("b"));
    Map<String, byte[]> a = contents(tmp.resolve("a"));
    Map<String, byte[]> b = contents(tmp.resolve("b"));
    for (String file : List.of("events.csv", "items.jsonl", "truth/items.csv", "truth/item-embeddings.f32",
        "truth/topics.csv", "truth/users.jsonl")) {
      assertThat(b.get(file)).as(file).isNotEqualTo(a.get(file));
    }
  }

  @Test
  void everyFileHoldsExactlyTheConfiguredCounts() throws IOException {
    SyntheticConfig config = TINY.withItems(150).withUsers(70).withEvents(3_333).withTopics(6).withDim(5);
    GenerationCounts counts = SyntheticDatasetWriter.write(config, tmp);

    Map<InteractionType, Long> byType = new EnumMap<>(InteractionType.class);
    long rows = 0;
    try (Reader in = Files.newBufferedReader(tmp.resolve("events.csv"))) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        byType.merge(InteractionType.parse(r.get("type")), 1L, Long::sum);
        assertThat(Instant.parse(r.get("timestamp"))).isAfterOrEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        rows++;
      }
    }
    assertThat(rows).isEqualTo(3_333);
    assertThat(counts).isEqualTo(new GenerationCounts(150, 70, counts.sessions(), 3_333,
        byType.get(InteractionType.IMPRESSION), byType.get(InteractionType.CLICK),
        byType.getOrDefault(InteractionType.CART, 0L), byType.getOrDefault(InteractionType.PURCHASE, 0L)));
    assertThat(lines(tmp.resolve("items.jsonl"))).isEqualTo(150);
    assertThat(lines(tmp.resolve("users.jsonl"))).isEqualTo(70);
    assertThat(lines(tmp.resolve("truth/items.csv"))).isEqualTo(151);
    assertThat(lines(tmp.resolve("truth/topics.csv"))).isEqualTo(7);
    assertThat(lines(tmp.resolve("truth/users.jsonl"))).isEqualTo(70);
    assertThat(Files.size(tmp.resolve("truth/item-embeddings.f32"))).isEqualTo(16 + 4L * 150 * 5);
    assertThat(GroundTruth.load(tmp).manifest().counts()).isEqualTo(counts);
  }

  @Test
  void groundTruthReadsBackWhatTheGeneratorUsed() throws IOException {
    SyntheticConfig config = TINY.withSeed(11);
    SyntheticDatasetWriter.write(config, tmp);
    GroundTruth truth = GroundTruth.load(tmp);
    SyntheticDatasetGenerator generator = new SyntheticDatasetGenerator(config);
    Catalog catalog = generator.catalog();

    assertThat(truth.config()).isEqualTo(config);
    assertThat(truth.manifest().version()).isEqualTo(SyntheticDatasetGenerator.VERSION);
    assertThat(truth.itemCount()).isEqualTo(catalog.items());
    float[] embedding = new float[catalog.dim()];
    for (int item = 0; item < catalog.items(); item++) {
      assertThat(truth.itemIndex(Catalog.itemId(item))).isEqualTo(item);
      assertThat(truth.topic(item)).isEqualTo(catalog.topic(item));
      assertThat(truth.ringPosition(item)).isEqualTo(catalog.ringPosition(item));
      assertThat(truth.popularityRank(item)).isEqualTo(catalog.popularityRank(item));
      assertThat(truth.popularity(item)).isEqualTo(catalog.popularity(item));
      assertThat(truth.ctr(item)).isEqualTo(catalog.ctr(item));
      assertThat(truth.cartRate(item)).isEqualTo(catalog.cartRate(item));
      assertThat(truth.purchaseRate(item)).isEqualTo(catalog.purchaseRate(item));
      catalog.embedding(item, embedding, 0);
      assertThat(truth.embedding(item)).containsExactly(embedding);
    }
    float[] centroid = new float[catalog.dim()];
    for (int t = 0; t < catalog.topics(); t++) {
      assertThat(truth.topicName(t)).isEqualTo(catalog.topicName(t));
      assertThat(truth.topicSize(t)).isEqualTo(catalog.topicSize(t));
      assertThat(truth.topicWeight(t)).isEqualTo(catalog.topicWeight(t));
      catalog.centroid(t, centroid, 0);
      assertThat(truth.centroid(t)).containsExactly(centroid);
    }
    assertThat(truth.userCount()).isEqualTo(config.users());
    for (int u = 0; u < config.users(); u++) {
      UserProfile p = generator.population().profile(u);
      assertThat(truth.userIndex(p.userId())).isEqualTo(u);
      assertThat(truth.interests(u)).isEqualTo(p.interests());
      assertThat(truth.activity(u)).isEqualTo(p.activity());
      for (int t = 0; t < catalog.topics(); t++) assertThat(truth.isInterestedIn(u, t)).isEqualTo(p.isInterestedIn(t));
    }
    assertThat(truth.itemIndex("nope")).isEqualTo(-1);
    assertThat(truth.userIndex("nope")).isEqualTo(-1);
  }

  @Test
  void groundTruthNamesTheFileAndLineOfAMalformedRow() throws IOException {
    SyntheticDatasetWriter.write(TINY, tmp);
    Path items = tmp.resolve("truth/items.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(items));
    lines.set(4, lines.get(4).replaceFirst(",[^,]+$", ",lots"));
    Files.write(items, lines);
    assertThatThrownBy(() -> GroundTruth.load(tmp)).isInstanceOf(BadRowException.class)
        .hasMessage(items + ":5: purchaseRate is not a number: 'lots'");
  }

  @Test
  void groundTruthRejectsAnOutOfRangeTopicAndATruncatedEmbeddingFile() throws IOException {
    SyntheticDatasetWriter.write(TINY, tmp);
    Path users = tmp.resolve("truth/users.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(users));
    lines.set(2, lines.get(2).replaceFirst("\"topic\":\\d+", "\"topic\":99"));
    Files.write(users, lines);
    assertThatThrownBy(() -> GroundTruth.load(tmp)).isInstanceOf(BadRowException.class)
        .hasMessageContaining(users + ":3: topic 99 out of range");

    SyntheticDatasetWriter.write(TINY, tmp);
    Path embeddings = tmp.resolve("truth/item-embeddings.f32");
    byte[] bytes = Files.readAllBytes(embeddings);
    Files.write(embeddings, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    assertThatThrownBy(() -> GroundTruth.load(tmp)).isInstanceOf(IOException.class)
        .hasMessageContaining(embeddings.toString()).hasMessageContaining("bytes, expected " + bytes.length);
  }

  @Test
  void groundTruthOfADirectoryWithoutManifestSaysSo() {
    assertThatThrownBy(() -> GroundTruth.load(tmp)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("manifest.json").hasMessageContaining("not a generated dataset");
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
      return s.count();
    }
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    return out;
  }
}
