package io.recsys.candidate.retrieve;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the sources' lists into one of {@code count}: first each source claims its quota (its share
 * of {@code count}, largest-remainder rounding) from the top of its own list, skipping items already
 * claimed; the remaining slots go to the best unclaimed items by reciprocal-rank fusion
 * ({@code Σ_s 1/(RRF_K + rank_s)}), so a source that found little hands its slots to the others.
 * Every candidate carries all the sources that found it, and the list is ordered by the fused score.
 * Reciprocal rank rather than raw scores because the sources' scores (cosine, p(engage), counts) are on
 * different scales. Not thread-safe; one per request.
 */
public final class CandidateMerger {
  /** The usual reciprocal-rank-fusion constant (Cormack et al. 2009). */
  public static final int RRF_K = 60;

  private final Int2IntOpenHashMap slot = new Int2IntOpenHashMap();
  private final List<Entry> entries = new ArrayList<>();

  private static final class Entry {
    final int row;
    double fused;
    boolean claimed;
    final List<String> tags = new ArrayList<>(2);
    final Map<String, Float> scores = new LinkedHashMap<>(4);

    Entry(int row) {
      this.row = row;
    }
  }

  public CandidateMerger() {
    slot.defaultReturnValue(-1);
  }

  /**
  /**
   * @param sources the sources, in pipeline order (they name the provenance tags)
   * @param results one per source, same order
   * @param shares each source's quota share, same order
   * @param claimedBySource receives how many candidates each source claimed
   */
  public List<Candidate> merge(List<CandidateSource> sources, List<SourceResult> results, double[] shares, int count,
      RetrievalContext context, Map<String, Integer> claimedBySource) {
    slot.clear();
    entries.clear();
    for (int s = 0; s < results.size(); s++) {
      SourceResult r = results.get(s);
      CandidateSource source = sources.get(s);
      for (int i = 0; i < r.size(); i++) {
        int row = r.row(i);
        int e = slot.get(row);
        if (e < 0) {
          e = entries.size();
          entries.add(new Entry(row));
          slot.put(row, e);
        }
        Entry entry = entries.get(e);
        entry.fused += 1.0 / (RRF_K + i + 1);
        if (!entry.scores.containsKey(r.source())) {
          entry.scores.put(r.source(), r.score(i));
          entry.tags.add(source.tag(r.detail(i), context));
        }
      }
    }
    int[] quota = quotas(shares, count);
    int claimed = 0;
    for (int s = 0; s < results.size(); s++) {
      SourceResult r = results.get(s);
      int taken = 0;
      for (int i = 0; i < r.size() && taken < quota[s] && claimed < count; i++) {
        Entry entry = entries.get(slot.get(r.row(i)));
        if (entry.claimed) continue;
        entry.claimed = true;
        taken++;
        claimed++;
      }
      claimedBySource.merge(r.source(), taken, Integer::sum);
    }
    if (claimed < count) {
      List<Entry> rest = new ArrayList<>();
      for (Entry e : entries) if (!e.claimed) rest.add(e);
      rest.sort((a, b) -> a.fused != b.fused ? Double.compare(b.fused, a.fused) : Integer.compare(a.row, b.row));
      for (int i = 0; i < rest.size() && claimed < count; i++) {
        Entry e = rest.get(i);
        e.claimed = true;
        claimed++;
        String first = e.scores.keySet().iterator().next();
        claimedBySource.merge(first, 1, Integer::sum);
      }
    }
    List<Entry> out = new ArrayList<>(claimed);
    for (Entry e : entries) if (e.claimed) out.add(e);
    out.sort((a, b) -> a.fused != b.fused ? Double.compare(b.fused, a.fused) : Integer.compare(a.row, b.row));
    List<Candidate> candidates = new ArrayList<>(out.size());
    for (Entry e : out) {
      candidates.add(new Candidate(context.model().catalog().id(e.row), e.row, e.fused, List.copyOf(e.tags),
          Map.copyOf(e.scores)));
    }
    return candidates;
  }

  /** Largest-remainder split of {@code count} by {@code shares} (normalised; all zero → nothing reserved). */
  static int[] quotas(double[] shares, int count) {
    double sum = 0;
    for (double s : shares) sum += s;
    int[] q = new int[shares.length];
    if (sum <= 0) return q;
    double[] rem = new double[shares.length];
    int given = 0;
    for (int i = 0; i < shares.length; i++) {
      double exact = count * shares[i] / sum;
      q[i] = (int) Math.floor(exact);
      rem[i] = exact - q[i];
      given += q[i];
    }
    Integer[] order = new Integer[shares.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Double.compare(rem[b], rem[a]) : Integer.compare(a, b));
    for (int i = 0; given < count && i < order.length; i++, given++) q[order[i]]++;
    return q;
  }
}
