package io.recsys.testsupport;

/** Redis {@code appendfsync} policies, for tests that run Redis with the append-only file on. */
public enum AppendFsync {
  /** fsync after every write: a hard crash loses nothing that was acknowledged. */
  ALWAYS("always"),
  /** fsync once a second (the demo's and the manifests' setting): a hard crash loses up to ~1 s. */
  EVERYSEC("everysec"),
  /** leave flushing to the OS. */
  NO("no");

  private final String setting;

  AppendFsync(String setting) {
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}
