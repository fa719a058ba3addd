package dev.meshplane.frontend.api;

/** Where this API pretends to live: the region and account id that ARNs and owners carry. */
public record ApiSettings(String region, String accountId) {
  public ApiSettings {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("meshplane.account-id must be 12 digits, got \"" + accountId + "\"");
    }
  }
}
