package io.recsys.gateway.cascade;

/** The cascade's downstream stages, in request order, with the name they carry in responses and metrics. */
public enum Stage {
  CANDIDATES("candidates", "/internal/candidates"),
  RANKING("ranking", "/internal/rank"),
  RERANK("rerank", "/internal/rerank");

  private final String wireName;
  private final String path;

  Stage(String wireName, String path) {
    this.wireName = wireName;
    this.path = path;
  }

  /** As in {@code degraded:[…]}, metric tags and {@code recsys.gateway.<name>.*}. */
  public String wireName() {
    return wireName;
  }

  /** The internal endpoint it calls. */
  public String path() {
    return path;
  }
}
