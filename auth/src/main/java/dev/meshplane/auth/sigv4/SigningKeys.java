package dev.meshplane.auth.sigv4;

import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.sigv4.SigV4Verifier.CredentialScope;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * SigV4 signing keys, derived once per secret, date, region and service instead of with four HMACs
 * on every request (as the AWS SDKs cache them when signing). The secret is part of the cache key,
 * so a key whose secret changed (an IAM file reload) is derived anew, never verified with the old
 * one. A handful of principals times a day or two of dates: bounded at {@link #MAX_KEYS}.
 */
final class SigningKeys {
  static final int MAX_KEYS = 4096;

  private record Derivation(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      return "Derivation[secret=****, " + date + "/" + region + "/" + service + "]";
    }
  }

  private final Cache<Derivation, byte[]> keys = Caffeine.newBuilder().maximumSize(MAX_KEYS).build();

  /** The signing key of {@code key} for {@code scope}; callers must not modify it. */
  byte[] of(AccessKey key, CredentialScope scope) {
    Derivation derivation = new Derivation(key.secret(), scope.date(), scope.region(), scope.service());
    return keys.get(derivation, d -> SigV4Verifier.signingKey(key, scope));
  }
}
