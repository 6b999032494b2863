package io.recsys.evaluation.report;

import io.recsys.evaluation.fairness.CorrectionStatus;
import io.recsys.evaluation.fairness.ExposureFairnessReport;
import io.recsys.evaluation.fairness.FairnessDirection;
import io.recsys.evaluation.fairness.FairnessScore;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders an {@link EvaluationReport} as the plain-text table the CLI prints. */
public final class ReportTable {
  private ReportTable() {}

  public static String render(EvaluationReport r) {
    StringBuilder b = new StringBuilder();
    b.append("dataset      ").append(r.dataset()).append('\n');
    b.append("recommender  ").append(r.recommender()).append('\n');
    b.append("protocol     ").append(r.protocol()).append('\n');
    b.append(String.format(Locale.ROOT, "users        %d (%d under test), items %d%n", r.users(), r.testUsers(), r.items()));
    b.append('\n');
    b.append(String.format(Locale.ROOT, "%6s %8s %8s %9s %8s %8s %8s%n", "K", "HR", "Recall", "Precision", "NDCG", "MRR", "MAP"));
    for (AccuracyAtK a : r.accuracy()) {
      b.append(String.format(Locale.ROOT, "%6d %8.4f %8.4f %9.4f %8.4f %8.4f %8.4f%n", a.k(), a.hitRate(), a.recall(),
          a.precision(), a.ndcg(), a.mrr(), a.map()));
    }
    BeyondAccuracy x = r.beyondAccuracy();
    b.append('\n');
    b.append(String.format(Locale.ROOT, "top-%d lists: coverage %.4f, intra-list diversity (category) %.4f", x.k(),
        x.coverage(), x.intraListDiversityByCategory()));
    if (x.intraListDiversityByEmbedding() != null) {
      b.append(String.format(Locale.ROOT, ", (embedding) %.4f", x.intraListDiversityByEmbedding()));
    }
    b.append(String.format(Locale.ROOT, ", novelty %.3f bits%n", x.novelty()));
    ExposureFairnessReport fairness = r.exposureFairness();
    if (fairness != null) {
      b.append('\n').append(String.format(Locale.ROOT, "exposure fairness of top-%d lists (m=%d users, n=%d items)%n",
          fairness.listLength(), fairness.users(), fairness.items()));
      b.append(String.format(Locale.ROOT, "  %-8s %10s %10s  %s%n", "measure", "original", "corrected", "fairer"));
      for (FairnessScore f : fairness.scores()) {
        b.append(String.format(Locale.ROOT, "  %-8s %10s %10s  %s%n", f.measure(), number(f.original()),
            f.correction() == CorrectionStatus.NOT_DEFINED_BY_PAPER ? "-" : number(f.corrected()),
            f.direction() == FairnessDirection.HIGHER_IS_FAIRER ? "higher" : "lower"));
        for (String note : f.notes()) b.append("           ").append(note).append('\n');
      }
    }
    for (String note : r.notes()) b.append("note: ").append(note).append('\n');
    b.append(String.format(Locale.ROOT, "elapsed %.1f s%n", r.elapsedMillis() / 1000.0));
    return b.toString();
  }

  private static String number(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "undefined";
  }
}
