package io.recsys.core.dataset;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * A dictionary between the dataset's string ids and dense int indexes 0..size-1, assigned in order of
 * first appearance. Not thread-safe.
 */
public final class IdIndex {
  private final Object2IntOpenHashMap<String> indexOf = new Object2IntOpenHashMap<>();
  private final List<String> ids = new ArrayList<>();

  public IdIndex() {
    indexOf.defaultReturnValue(-1);
  }

  /** The index of {@code id}, assigning the next free one when it is new. */
  public int intern(String id) {
    int idx = indexOf.getInt(id);
    if (idx < 0) {
      idx = ids.size();
      indexOf.put(id, idx);
      ids.add(id);
    }
    return idx;
  }

  /** The index of {@code id}, or -1 when it is unknown. */
  public int indexOf(String id) {
    return indexOf.getInt(id);
  }

  public String id(int index) {
    return ids.get(index);
  }

  public int size() {
    return ids.size();
  }
}
