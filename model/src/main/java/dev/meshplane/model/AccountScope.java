package dev.meshplane.model;

import java.util.Objects;

/**
 * Where Meshplane pretends to live: the region and account id its ARNs, SigV4 scopes and owners
 * carry. The defaults are written here once; every process and command reads them from here.
 */
public record AccountScope(String region, String accountId) {
  public static final String DEFAULT_REGION = "us-west-2";
  public static final String DEFAULT_ACCOUNT_ID = "111122223333";
  public static final AccountScope DEFAULT = new AccountScope(DEFAULT_REGION, DEFAULT_ACCOUNT_ID);

  public AccountScope {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    if (region.isBlank()) {
      throw new IllegalArgumentException("meshplane.region must not be blank");
    }
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("meshplane.account-id must be 12 digits, got \"" + accountId + "\"");
    }
  }
}
