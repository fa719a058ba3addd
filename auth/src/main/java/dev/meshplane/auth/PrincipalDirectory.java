package dev.meshplane.auth;

import java.util.Optional;

/** Credentials by access key id; thread-safe; reflects reloads of the IAM file. */
public interface PrincipalDirectory {
  Optional<Credentials> byAccessKeyId(String accessKeyId);

  record Credentials(Principal principal, AccessKey key) {}
}
