package io.recsys.candidate.retrieve;

import java.util.Objects;

/**
 * A source in a pipeline: its quota (share of the requested count it is guaranteed, before the rest is
 * filled by fused rank) and its failure policy, declared here rather than in catch blocks.
 */
public record SourceStep(CandidateSource source, double share, FailurePolicy onFailure) {
  public SourceStep {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(onFailure, "onFailure");
    if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException(source.name() + " share must be in [0, 1]: " + share);
  }
}
