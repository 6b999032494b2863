package io.recsys.core.dataset;

import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One dataset held in memory: interactions in columnar primitive arrays (no boxing: 25 M rows take
 * about 21 bytes each), plus item and user metadata. Ids stay strings in the dataset's own id space;
 * {@link #users()} and {@link #items()} map them to the dense indexes the columns hold.
 *
 * <p>Immutable once built, and so safe to share between threads; the {@link Builder} is not
 * thread-safe.
 */
public final class Dataset {
  private final IdIndex users;
  private final IdIndex items;
  private final int[] userColumn;
  private final int[] itemColumn;
  private final byte[] typeColumn;
  private final float[] valueColumn;
  private final long[] timestampColumn;
  private final Item[] itemMetadata;
  private final User[] userMetadata;

  private Dataset(Builder b) {
    this.users = b.users;
    this.items = b.items;
    this.userColumn = b.userColumn.toIntArray();
    this.itemColumn = b.itemColumn.toIntArray();
    this.typeColumn = b.typeColumn.toByteArray();
    this.valueColumn = b.valueColumn.toFloatArray();
    this.timestampColumn = b.timestampColumn.toLongArray();
    this.itemMetadata = Arrays.copyOf(b.itemMetadata.toArray(new Item[0]), items.size());
    this.userMetadata = Arrays.copyOf(b.userMetadata.toArray(new User[0]), users.size());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of interactions. */
  public int size() {
    return userColumn.length;
  }

  public IdIndex users() {
    return users;
  }

  public IdIndex items() {
    return items;
  }

  public int userIndex(int row) {
    return userColumn[row];
  }

  public int itemIndex(int row) {
    return itemColumn[row];
  }

  public InteractionType type(int row) {
    return InteractionType.ofOrdinal(typeColumn[row]);
  }

  public float value(int row) {
    return valueColumn[row];
  }

  public long timestampMillis(int row) {
    return timestampColumn[row];
  }

  public Interaction interaction(int row) {
    return new Interaction(users.id(userColumn[row]), items.id(itemColumn[row]), type(row), valueColumn[row],
        timestampColumn[row]);
  }

  /** Metadata of the item with this index, or null when the source had none for it. */
  public Item itemMetadata(int itemIndex) {
    return itemMetadata[itemIndex];
  }

  /** Attributes of the user with this index, or null when the source had none for them. */
  public User userMetadata(int userIndex) {
    return userMetadata[userIndex];
  }

  /** A new dataset holding only the rows for which {@code keep} is true; ids keep their indexes. */
  public Dataset filter(RowPredicate keep) {
    Builder b = new Builder(users, items);
    for (int row = 0; row < size(); row++) {
      if (keep.test(row)) {
        b.add(userColumn[row], itemColumn[row], typeColumn[row], valueColumn[row], timestampColumn[row]);
      }
    }
    b.itemMetadata.addAll(Arrays.asList(itemMetadata));
    b.userMetadata.addAll(Arrays.asList(userMetadata));
    return b.build();
  }

  /** Chooses rows by index, without boxing. */
  @FunctionalInterface
  public interface RowPredicate {
    boolean test(int row);
  }

  /** Collects a dataset from a reader; also the in-memory {@link DatasetSink}. Not thread-safe. */
  public static final class Builder implements DatasetSink {
    private final IdIndex users;
    private final IdIndex items;
    private final IntArrayList userColumn = new IntArrayList();
    private final IntArrayList itemColumn = new IntArrayList();
    private final ByteArrayList typeColumn = new ByteArrayList();
    private final FloatArrayList valueColumn = new FloatArrayList();
    private final LongArrayList timestampColumn = new LongArrayList();
    private final List<Item> itemMetadata = new ArrayList<>();
    private final List<User> userMetadata = new ArrayList<>();

    private Builder() {
      this(new IdIndex(), new IdIndex());
    }

    private Builder(IdIndex users, IdIndex items) {
      this.users = users;
      this.items = items;
    }

    @Override
    public void interaction(Interaction i) {
      add(users.intern(i.userId()), items.intern(i.itemId()), (byte) i.type().ordinal(), i.value(),
          i.timestampMillis());
    }

    @Override
    public void item(Item item) {
      set(itemMetadata, items.intern(item.itemId()), item);
    }

    @Override
    public void user(User user) {
      set(userMetadata, users.intern(user.userId()), user);
    }

    private static <T> void set(List<T> list, int index, T value) {
      while (list.size() <= index) list.add(null);
      list.set(index, value);
    }

    private void add(int user, int item, byte type, float value, long timestamp) {
      userColumn.add(user);
      itemColumn.add(item);
      typeColumn.add(type);
      valueColumn.add(value);
      timestampColumn.add(timestamp);
    }

    public Dataset build() {
      return new Dataset(this);
    }
  }
}
