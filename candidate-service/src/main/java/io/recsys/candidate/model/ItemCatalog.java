package io.recsys.candidate.model;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The items a candidate model knows: id ↔ row (the row numbering every candidate artefact shares) and
 * each row's categories, for request filters and category coverage. Categories are written as
 * {@code item-categories.tsv}: one line per row, {@code id TAB cat1|cat2}, in row order; tabs, pipes
 * and newlines cannot occur in ids or categories the importer accepts, and the reader checks the row
 * order against the ids it is given. Immutable, thread-safe.
 */
public final class ItemCatalog {
  private final String[] ids;
  private final Object2IntOpenHashMap<String> rowOf;
  private final String[][] categories;
  /** Every category some item has: computed once, so a filtered request does not scan the catalogue. */
  private final Set<String> allCategories;

  public ItemCatalog(String[] ids, String[][] categories) {
    if (ids.length != categories.length) {
      throw new IllegalArgumentException(ids.length + " ids but " + categories.length + " category rows");
    }
    this.ids = ids.clone();
    this.categories = categories.clone();
    Set<String> all = new HashSet<>();
    for (String[] cs : this.categories) all.addAll(Arrays.asList(cs));
    this.allCategories = Set.copyOf(all);
    this.rowOf = new Object2IntOpenHashMap<>(ids.length);
    rowOf.defaultReturnValue(-1);
    for (int i = 0; i < ids.length; i++) {
      if (rowOf.put(ids[i], i) != -1) throw new IllegalArgumentException("item id twice: " + ids[i]);
    }
  }

  /** The catalogue of an imported dataset: its item index order, categories from item metadata (none without). */
  public static ItemCatalog of(io.recsys.core.dataset.Dataset dataset) {
    int n = dataset.items().size();
    String[] ids = new String[n];
    String[][] cats = new String[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = dataset.items().id(i);
      io.recsys.core.dataset.Item meta = dataset.itemMetadata(i);
      cats[i] = meta == null ? new String[0] : meta.categories().toArray(String[]::new);
    }
    return new ItemCatalog(ids, cats);
  }

  public int size() {
    return ids.length;
  }

  /** The row of an item id, or -1 when the model does not know it. */
  public int row(String itemId) {
    return rowOf.getInt(itemId);
  }

  public String id(int row) {
    return ids[row];
  }

  public String[] ids() {
    return ids.clone();
  }

  /** The categories of a row; callers must not modify the array. */
  public String[] categories(int row) {
    return categories[row];
  }

  /** The categories array per row (shared; read-only), for index builders. */
  public String[][] categoriesByRow() {
    return categories.clone();
  }

  /** True when the row has at least one of {@code wanted}. */
  public boolean hasAny(int row, Set<String> wanted) {
    for (String c : categories[row]) if (wanted.contains(c)) return true;
    return false;
  }

  /** The subset of {@code wanted} that at least one item has. */
  public Set<String> known(Collection<String> wanted) {
    Set<String> out = new HashSet<>(wanted);
    out.retainAll(allCategories);
    return out;
  }

  public void writeCategories(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < ids.length; i++) {
        w.write(ids[i]);
        w.write('\t');
        w.write(String.join("|", categories[i]));
        w.write('\n');
      }
    }
  }

  /** Reads {@link #writeCategories}'s file for the given ids; an {@link IOException} names file and line. */
  public static ItemCatalog read(Path file, String[] ids) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() != ids.length) {
      throw new IOException(file + ": " + lines.size() + " lines, the embeddings have " + ids.length + " items");
    }
    String[][] cats = new String[ids.length][];
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      String line = lines.get(i);
      int tab = line.indexOf('\t');
      if (tab < 0 || !line.substring(0, tab).equals(ids[i])) {
        throw new IOException(file + ":" + (i + 1) + ": expected item " + ids[i] + " TAB categories");
      }
      String rest = line.substring(tab + 1);
      parts.clear();
      if (!rest.isEmpty()) parts.addAll(Arrays.asList(rest.split("\\|", -1)));
      cats[i] = parts.toArray(String[]::new);
    }
    return new ItemCatalog(ids, cats);
  }
}
