package dev.meshplane.frontend.api;

import dev.meshplane.model.AccountScope;

/** Where this API pretends to live: the region and account id that ARNs and owners carry. */
public record ApiSettings(String region, String accountId) {
  public ApiSettings {
    new AccountScope(region, accountId); // the one check of both
  }
}
