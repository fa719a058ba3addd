package dev.meshplane.launcher;

import dev.meshplane.model.AccountScope;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Meshplane pretends to live, the same flags on every command: the region of ARNs, of SigV4
 * credential scopes and of the AWS services read (DynamoDB, Cloud Map, ACM), and the account id of
 * ARNs and of principals without one of their own.
 */
final class AccountOptions {
  @Option(names = "--region", defaultValue = "${env:MESHPLANE_REGION:-" + AccountScope.DEFAULT_REGION + "}",
      description = "AWS region of App Mesh ARNs, of SigV4 signatures and of the AWS services read"
          + " (env MESHPLANE_REGION, default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--account-id", defaultValue = "${env:MESHPLANE_ACCOUNT_ID:-" + AccountScope.DEFAULT_ACCOUNT_ID + "}",
      description = "12-digit account id of App Mesh ARNs and of principals without one"
          + " (env MESHPLANE_ACCOUNT_ID, default ${DEFAULT-VALUE}).")
  String accountId;

  Map<String, Object> properties() {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("--account-id must be 12 digits, got '" + accountId + "'");
    }
    if (!region.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("--region must be an AWS region name such as us-west-2, got '" + region + "'");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("meshplane.region", region);
    properties.put("meshplane.account-id", accountId);
    return properties;
  }
}
