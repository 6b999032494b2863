package io.recsys.core.synthetic;

import java.util.SplittableRandom;

/**
 * Names, sub-categories and item titles for the topics, generated deterministically from the seed.
 * Each topic gets a department name ("Outdoor", "Kitchen", ...; numbered once the list runs out) and
 * a vocabulary of pronounceable made-up words. Titles and sub-categories follow the ring: an item's
 * first title word and its sub-category are those of its arc of the ring, so ring neighbours (which
 * are embedding neighbours) also look alike to a content model; the second title word is random.
 *
 * <p>Immutable; thread-safe.
 */
final class TopicVocabulary {
  static final int WORDS_PER_TOPIC = 32;
  static final int SUBCATEGORIES_PER_TOPIC = 4;
  private static final long STREAM = 0x70C1C;
  private static final long TITLE_STREAM = 0x717E;

  private static final String[] DEPARTMENTS = {
      "Outdoor", "Kitchen", "Garden", "Books", "Music", "Toys", "Beauty", "Sports", "Electronics", "Office",
      "Pets", "Baby", "Automotive", "Tools", "Fashion", "Shoes", "Jewelry", "Health", "Grocery", "Home Decor",
      "Furniture", "Lighting", "Games", "Movies", "Crafts", "Travel", "Photography", "Fitness", "Bedding",
      "Bath", "Stationery", "Cycling", "Camping", "Audio", "Computers", "Phones", "Watches", "Party",
      "Coffee", "Wellness"};
  private static final String[] ONSETS = {
      "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "kl", "st"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};
  private static final String[] CODAS = {"", "", "", "n", "r", "s", "l", "m"};

  private final long seed;
  private final String[][] words;
  private final String[][] subcategories;

  private TopicVocabulary(long seed, String[][] words, String[][] subcategories) {
    this.seed = seed;
    this.words = words;
    this.subcategories = subcategories;
  }

  static TopicVocabulary generate(long seed, int topics) {
    String[][] words = new String[topics][];
    String[][] subcategories = new String[topics][];
    for (int t = 0; t < topics; t++) {
      SplittableRandom rng = new SplittableRandom(RandomVariates.streamSeed(seed, STREAM, t));
      words[t] = new String[WORDS_PER_TOPIC];
      for (int w = 0; w < WORDS_PER_TOPIC; w++) words[t][w] = capitalise(word(rng));
      subcategories[t] = new String[SUBCATEGORIES_PER_TOPIC];
      for (int s = 0; s < SUBCATEGORIES_PER_TOPIC; s++) subcategories[t][s] = capitalise(word(rng));
    }
    return new TopicVocabulary(seed, words, subcategories);
  }

  /** The topic's department name: the list in order, then "Outdoor 2", "Kitchen 2", ... */
  static String name(int topic) {
    int round = topic / DEPARTMENTS.length;
    String base = DEPARTMENTS[topic % DEPARTMENTS.length];
    return round == 0 ? base : base + " " + (round + 1);
  }

  /** The sub-category of ring position {@code pos} in a topic of {@code size} items. */
  String subcategory(int topic, int pos, int size) {
    return subcategories[topic][arc(pos, size, SUBCATEGORIES_PER_TOPIC)];
  }

  /** A title like "Kavor Trelim Brusa": arc word, random word, sub-category. */
  String title(int topic, int pos, int size, int itemIndex) {
    String[] vocab = words[topic];
    long h = RandomVariates.streamSeed(seed, TITLE_STREAM, itemIndex);
    return vocab[arc(pos, size, WORDS_PER_TOPIC)] + " " + vocab[(int) Long.remainderUnsigned(h, WORDS_PER_TOPIC)]
        + " " + subcategory(topic, pos, size);
  }

  /** A release year in 2000..2024, random per item. */
  int year(int itemIndex) {
    long h = RandomVariates.streamSeed(seed, TITLE_STREAM + 1, itemIndex);
    return 2000 + (int) Long.remainderUnsigned(h, 25);
  }

  private static int arc(int pos, int size, int arcs) {
    return (int) ((long) pos * Math.min(arcs, size) / size);
  }

  private static String word(SplittableRandom rng) {
    StringBuilder b = new StringBuilder(10);
    int syllables = 2 + rng.nextInt(2);
    for (int s = 0; s < syllables; s++) {
      b.append(ONSETS[rng.nextInt(ONSETS.length)]).append(VOWELS[rng.nextInt(VOWELS.length)]);
    }
    return b.append(CODAS[rng.nextInt(CODAS.length)]).toString();
  }

  private static String capitalise(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
