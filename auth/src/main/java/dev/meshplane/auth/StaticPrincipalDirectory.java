package dev.meshplane.auth;

import java.util.Map;
import java.util.Optional;

/** A fixed set of credentials, e.g. the single admin principal. */
public final class StaticPrincipalDirectory implements PrincipalDirectory {
  private final Map<String, Credentials> byKeyId;

  public StaticPrincipalDirectory(Map<String, Credentials> byKeyId) {
    this.byKeyId = Map.copyOf(byKeyId);
  }

  /** One principal allowed everything, with one key. */
  public static StaticPrincipalDirectory admin(AccessKey key, String account) {
    Principal admin = new Principal(AdminCredentials.PRINCIPAL_NAME, account, PolicyEvaluator.allowAll());
    return new StaticPrincipalDirectory(Map.of(key.id(), new Credentials(admin, key)));
  }

  @Override
  public Optional<Credentials> byAccessKeyId(String accessKeyId) {
    return Optional.ofNullable(byKeyId.get(accessKeyId));
  }
}
