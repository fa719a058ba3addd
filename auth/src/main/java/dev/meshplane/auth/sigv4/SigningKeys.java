package dev.meshplane.auth.sigv4;

import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.sigv4.SigV4Verifier.CredentialScope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SigV4 signing keys, derived once per secret, date, region and service instead of with four HMACs
 * on every request (as the AWS SDKs cache them when signing). The secret is part of the cache key,
 * so a key whose secret changed (an IAM file reload) is derived anew, never verified with the old
 * one. A handful of principals times a day or two of dates: past {@link #MAX_KEYS} the cache starts over.
 */
final class SigningKeys {
  static final int MAX_KEYS = 4096;

  private record Derivation(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      return "Derivation[secret=****, " + date + "/" + region + "/" + service + "]";
    }
  }

  private final Map<Derivation, byte[]> keys = new ConcurrentHashMap<>();

  /** The signing key of {@code key} for {@code scope}; callers must not modify it. */
  byte[] of(AccessKey key, CredentialScope scope) {
    Derivation derivation = new Derivation(key.secret(), scope.date(), scope.region(), scope.service());
    byte[] signingKey = keys.get(derivation);
    if (signingKey == null) {
      if (keys.size() >= MAX_KEYS) {
        keys.clear();
      }
      signingKey = SigV4Verifier.signingKey(key, scope);
      keys.put(derivation, signingKey);
    }
    return signingKey;
  }
}
