package io.recsys.core.synthetic;

import io.recsys.core.dataset.BadRowException;
import io.recsys.core.dataset.IdIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;

/**
 * The hidden truth of a generated dataset, read back from {@code DIR/truth/} (see {@link TruthWriter}
 * for the files): per item its topic, ring position, popularity, conversion rates and embedding; per
 * topic its name, size, weight and centroid; per user the interest mixture. Item and user indexes
 * are row numbers of the truth files, which are also the numbers in the ids ({@code i17} is item 17).
 *
 * <p>Items are held in primitive arrays, users' interests in flat arrays (offsets into topic and
 * weight columns), so the large preset loads into a few hundred MB. Immutable once loaded;
 * thread-safe.
 */
public final class GroundTruth {
  private final TruthManifest manifest;
  private final IdIndex itemIds = new IdIndex();
  private final int[] itemTopic;
  private final int[] ringPosition;
  private final int[] popularityRank;
  private final float[] popularity;
  private final float[] ctr;
  private final float[] cartRate;
  private final float[] purchaseRate;
  private final float[] embeddings;
  private final String[] topicNames;
  private final int[] topicSize;
  private final double[] topicWeight;
  private final float[] centroids;
  private final IdIndex userIds = new IdIndex();
  private final double[] activity;
  private final int[] interestStart;
  private int[] interestTopic;
  private double[] interestWeight;

  private GroundTruth(Path dir) throws IOException {
    Path truth = dir.resolve(TruthWriter.DIR);
    Path manifestFile = truth.resolve(TruthWriter.MANIFEST);
    try {
      manifest = TruthWriter.JSON.readValue(manifestFile.toFile(), TruthManifest.class);
    } catch (JacksonException e) {
      if (e.getCause() instanceof NoSuchFileException || !Files.exists(manifestFile)) {
        throw new NoSuchFileException(manifestFile + " (not a generated dataset, or its generation did not finish)");
      }
      throw new IOException(manifestFile + ": unreadable manifest: " + e.getOriginalMessage(), e);
    }
    if (!TruthManifest.GENERATOR.equals(manifest.generator()) || manifest.config() == null) {
      throw new IOException(manifestFile + ": not a " + TruthManifest.GENERATOR + " manifest");
    }
    if (manifest.version() > SyntheticDatasetGenerator.VERSION) {
      throw new IOException(manifestFile + ": written by generator version " + manifest.version()
          + ", this build reads up to " + SyntheticDatasetGenerator.VERSION);
    }
    SyntheticConfig config = manifest.config();
    int items = config.items();
    int topics = config.topics();
    int dim = config.dim();

    topicNames = new String[topics];
    topicSize = new int[topics];
    topicWeight = new double[topics];
    centroids = new float[topics * dim];
    readTopics(truth.resolve(TruthWriter.TOPICS_CSV), topics, dim);

    itemTopic = new int[items];
    ringPosition = new int[items];
    popularityRank = new int[items];
    popularity = new float[items];
    ctr = new float[items];
    cartRate = new float[items];
    purchaseRate = new float[items];
    readItems(truth.resolve(TruthWriter.ITEMS_CSV), items);
    embeddings = EmbeddingFile.read(truth.resolve(TruthWriter.EMBEDDINGS), items, dim);

    int users = config.users();
    activity = new double[users];
    interestStart = new int[users + 1];
    interestTopic = new int[users];
    interestWeight = new double[users];
    readUsers(truth.resolve(TruthWriter.USERS_JSONL), users, topics);
  }

  /**
   * Loads the truth of the dataset generated into {@code datasetDir}.
   *
   * @throws IOException when a file is missing or does not match the manifest
   * @throws BadRowException (file:line: reason) for a malformed row
   */
  public static GroundTruth load(Path datasetDir) throws IOException {
    return new GroundTruth(datasetDir);
  }

  private static CSVParser csv(Path file) throws IOException {
    return CSVParser.parse(file, StandardCharsets.UTF_8,
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get());
  }

  private static void expectHeader(Path file, CSVParser parser, List<String> expected) throws IOException {
    if (!parser.getHeaderNames().equals(expected)) {
      throw new BadRowException(file, 1, "header is " + parser.getHeaderNames() + ", expected " + expected);
    }
  }

  private void readTopics(Path file, int topics, int dim) throws IOException {
    List<String> header = new ArrayList<>(TruthWriter.TOPIC_COLUMNS);
    for (int k = 0; k < dim; k++) header.add("c" + k);
    try (CSVParser parser = csv(file)) {
      expectHeader(file, parser, header);
      int row = 0;
      for (CSVRecord r : parser) {
        long line = r.getRecordNumber() + 1;
        TruthRow fields = new TruthRow(file, line, r, header.size());
        if (row >= topics) throw new BadRowException(file, line, "more topics than the manifest's " + topics);
        fields.expectInt(0, row, "topic");
        topicNames[row] = r.get(1);
        topicSize[row] = fields.intIn(2, 1, Integer.MAX_VALUE, "items");
        topicWeight[row] = fields.real(3, "weight");
        for (int k = 0; k < dim; k++) centroids[row * dim + k] = (float) fields.real(4 + k, "c" + k);
        row++;
      }
      if (row != topics) throw new IOException(file + ": " + row + " topics, the manifest says " + topics);
    }
  }

  private void readItems(Path file, int items) throws IOException {
    try (CSVParser parser = csv(file)) {
      expectHeader(file, parser, List.of(TruthWriter.ITEM_COLUMNS));
      int row = 0;
      for (CSVRecord r : parser) {
        long line = r.getRecordNumber() + 1;
        TruthRow fields = new TruthRow(file, line, r, TruthWriter.ITEM_COLUMNS.length);
        if (row >= items) throw new BadRowException(file, line, "more items than the manifest's " + items);
        if (itemIds.intern(r.get(0)) != row) throw new BadRowException(file, line, "duplicate itemId " + r.get(0));
        int topic = fields.intIn(1, 0, topicNames.length - 1, "topic");
        itemTopic[row] = topic;
        ringPosition[row] = fields.intIn(2, 0, topicSize[topic] - 1, "ringPosition");
        popularityRank[row] = fields.intIn(3, 0, topicSize[topic] - 1, "popularityRank");
        popularity[row] = fields.probability(4, "popularity");
        ctr[row] = fields.probability(5, "ctr");
        cartRate[row] = fields.probability(6, "cartRate");
        purchaseRate[row] = fields.probability(7, "purchaseRate");
        row++;
      }
      if (row != items) throw new IOException(file + ": " + row + " items, the manifest says " + items);
    }
  }

  /** One users.jsonl line. */
  private record UserRow(String userId, double activity, List<Interest> interests) {}

  private void readUsers(Path file, int users, int topics) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int row = 0;
      int used = 0;
      long line = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        line++;
        if (text.isBlank()) continue;
        UserRow u;
        try {
          u = TruthWriter.JSON.readValue(text, UserRow.class);
        } catch (JacksonException | IllegalArgumentException e) {
          String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
          throw new BadRowException(file, line, "unreadable user: " + why);
        }
        if (row >= users) throw new BadRowException(file, line, "more users than the manifest's " + users);
        if (u.userId() == null || u.interests() == null || u.interests().isEmpty()) {
          throw new BadRowException(file, line, "userId and a non-empty interests list are required");
        }
        if (userIds.intern(u.userId()) != row) throw new BadRowException(file, line, "duplicate userId " + u.userId());
        activity[row] = u.activity();
        for (Interest i : u.interests()) {
          if (i.topic() >= topics) throw new BadRowException(file, line, "topic " + i.topic() + " out of range");
          if (used == interestTopic.length) {
            interestTopic = Arrays.copyOf(interestTopic, 2 * used);
            interestWeight = Arrays.copyOf(interestWeight, 2 * used);
          }
          interestTopic[used] = i.topic();
          interestWeight[used++] = i.weight();
        }
        interestStart[++row] = used;
      }
      if (row != users) throw new IOException(file + ": " + row + " users, the manifest says " + users);
    }
  }

  // --- accessors ---

  public TruthManifest manifest() {
    return manifest;
  }

  public SyntheticConfig config() {
    return manifest.config();
  }

  public int dim() {
    return manifest.config().dim();
  }

  public int itemCount() {
    return itemTopic.length;
  }

  public String itemId(int item) {
    return itemIds.id(item);
  }

  /** The item's index, or -1 when no item has this id. */
  public int itemIndex(String itemId) {
    return itemIds.indexOf(itemId);
  }

  public int topic(int item) {
    return itemTopic[item];
  }

  public int ringPosition(int item) {
    return ringPosition[item];
  }

  public int popularityRank(int item) {
    return popularityRank[item];
  }

  /** Within-topic popularity (sums to 1 per topic). */
  public float popularity(int item) {
    return popularity[item];
  }

  /** True click probability for a user interested in the item's topic. */
  public float ctr(int item) {
    return ctr[item];
  }

  public float cartRate(int item) {
    return cartRate[item];
  }

  public float purchaseRate(int item) {
    return purchaseRate[item];
  }

  /** A copy of the item's embedding. */
  public float[] embedding(int item) {
    int d = dim();
    return Arrays.copyOfRange(embeddings, item * d, (item + 1) * d);
  }

  public int topicCount() {
    return topicNames.length;
  }

  public String topicName(int topic) {
    return topicNames[topic];
  }

  public int topicSize(int topic) {
    return topicSize[topic];
  }

  public double topicWeight(int topic) {
    return topicWeight[topic];
  }

  public float[] centroid(int topic) {
    int d = dim();
    return Arrays.copyOfRange(centroids, topic * d, (topic + 1) * d);
  }

  public int userCount() {
    return activity.length;
  }

  public String userId(int user) {
    return userIds.id(user);
  }

  /** The user's index, or -1 when no user has this id. */
  public int userIndex(String userId) {
    return userIds.indexOf(userId);
  }

  public double activity(int user) {
    return activity[user];
  }

  public List<Interest> interests(int user) {
    List<Interest> out = new ArrayList<>(interestStart[user + 1] - interestStart[user]);
    for (int i = interestStart[user]; i < interestStart[user + 1]; i++) {
      out.add(new Interest(interestTopic[i], interestWeight[i]));
    }
    return out;
  }

  /** True when {@code topic} is one of the user's interests. */
  public boolean isInterestedIn(int user, int topic) {
    for (int i = interestStart[user]; i < interestStart[user + 1]; i++) {
      if (interestTopic[i] == topic) return true;
    }
    return false;
  }
}
