package io.recsys.candidate.index;

/**
 * A nearest-neighbour index over L2-normalised item vectors ({@code ItemVectors.normalised()}); a
 * result's score is the inner product of the query with the item's vector (= cosine for a unit
 * query). Items are referred to by row, the dataset's item index.
 *
 * <p>Contract of {@link #search}: fills {@code out} with up to {@code k} rows passing the filter, best
 * score first, equal scores by lower row; fewer than {@code k} only when fewer items pass the filter
 * (approximate indexes may also miss some, which recall measures). The query must have {@link #dim}
 * finite components; it need not be unit length. Every implementation is thread-safe for concurrent
 * searches, each thread with its own {@link Neighbours}; each says what limits concurrency.
 */
public interface ItemIndex extends AutoCloseable {

  /** Short implementation name for logs and metrics ("exact", "hnswlib", "lucene"). */
  String name();

  /** Number of items (rows). */
  int size();

  /** Vector dimension. */
  int dim();

  /**
   * Searches the best {@code k} items passing {@code filter} into {@code out} (cleared first).
   *
   * @throws UnsupportedOperationException if this index cannot apply a part of the filter (callers
   *     route to one that can; {@link #supports} says which)
   * @throws IllegalArgumentException if the query has the wrong length or a non-finite component, or
   *     {@code k} is negative or above {@code out.capacity()}
   */
  void search(float[] query, int k, SearchFilter filter, Neighbours out);

  /** Whether {@link #search} can apply every part of {@code filter}. */
  boolean supports(SearchFilter filter);

  /** Releases files and memory; searching afterwards is undefined. */
  @Override
  void close();
}
