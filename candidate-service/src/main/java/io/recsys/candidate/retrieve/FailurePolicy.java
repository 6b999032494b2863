package io.recsys.candidate.retrieve;

/** What a pipeline does when a step throws: carry on without it (and say so), or fail the request. */
public enum FailurePolicy {
  /** The request goes on without this step's output; the response lists the step as degraded. */
  FAIL_OPEN,
  /** The request fails. */
  FAIL_CLOSED
}
