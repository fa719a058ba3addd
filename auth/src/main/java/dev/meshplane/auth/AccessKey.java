package dev.meshplane.auth;

import java.util.Objects;

/** An access key pair. {@link #toString()} never prints the secret: keys end up in logs and exceptions. */
public record AccessKey(String id, String secret) {
  public AccessKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "AccessKey[id=" + id + ", secret=****]";
  }
}
