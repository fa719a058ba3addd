package dev.meshplane.configstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a config item is without its payload: enough to tell whether it changed, small enough to
 * list a whole mesh every poll. Field meanings as in {@link ProxyConfigItem}.
 */
public record ProxyConfigVersion(String key, long generation, String contentHash, Instant journalCommitTime) {

  public ProxyConfigVersion {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(journalCommitTime, "journalCommitTime");
    journalCommitTime = journalCommitTime.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The version of {@code item}. */
  public static ProxyConfigVersion of(ProxyConfigItem item) {
    return new ProxyConfigVersion(item.key(), item.generation(), item.contentHash(), item.journalCommitTime());
  }
}
