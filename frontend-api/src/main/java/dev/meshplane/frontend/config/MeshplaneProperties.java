package dev.meshplane.frontend.config;

import dev.meshplane.model.AccountScope;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The typed binding of {@code meshplane.region} and {@code meshplane.account-id}: the one place
 * every Micronaut-wired part (API, stores, xDS security, the split services) reads them from.
 */
@ConfigurationProperties("meshplane")
public class MeshplaneProperties {
  private String region = AccountScope.DEFAULT_REGION;
  private String accountId = AccountScope.DEFAULT_ACCOUNT_ID;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  /** The bound values, checked (a 12-digit account, a region). */
  public AccountScope scope() {
    return new AccountScope(region, accountId);
  }
}
