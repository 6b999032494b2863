package io.recsys.gateway.experiment;

/**
 * An experiment definition that breaks a rule. {@link #field()} names the offending field relative to
 * the object that was being built ({@code weight}, {@code variants[1].name}); the catalog file parser
 * prefixes the path of that object ({@code experiments[1].variants[0]}) with {@link #within(String)}, so
 * the same check gives {@code experiments[1].variants[0].weight: must be > 0} in a file and
 * {@code weight: must be > 0} in code. Immutable.
 */
public final class InvalidExperimentException extends IllegalArgumentException {
  private final String field;
  private final String problem;

  public InvalidExperimentException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The offending field's path, e.g. {@code variants[1].name}. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field. */
  public String problem() {
    return problem;
  }

  /** The same problem with {@code prefix} (the path of the enclosing object) in front of the field. */
  public InvalidExperimentException within(String prefix) {
    if (prefix == null || prefix.isEmpty()) return this;
    String joined = field.startsWith("[") ? prefix + field : prefix + "." + field;
    InvalidExperimentException e = new InvalidExperimentException(joined, problem);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
