package dev.meshplane.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Who may call the REST API (always SigV4-authenticated): the principals of an IAM file, or else
 * the admin principal, whose key comes from MESHPLANE_ADMIN_ACCESS_KEY_ID /
 * MESHPLANE_ADMIN_SECRET_ACCESS_KEY or is generated once into {@code <data-dir>/admin-credentials}.
 * The secret is read from the environment only, never from the command line (which {@code ps} shows).
 */
final class AuthOptions {
  @Option(
      names = "--iam-file",
      defaultValue = "${env:MESHPLANE_IAM_FILE}",
      description = "JSON file of principals, access keys and IAM policies, reloaded when it changes"
          + " (env MESHPLANE_IAM_FILE). Without it, an admin principal allowed everything is used.")
  Path iamFile;

  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (iamFile != null) {
      if (!Files.isReadable(iamFile)) {
        throw new IllegalArgumentException("--iam-file " + iamFile + ": no such readable file");
      }
      properties.put("meshplane.iam-file", iamFile.toAbsolutePath().toString());
    }
    putEnv(properties, "MESHPLANE_ADMIN_ACCESS_KEY_ID", "meshplane.admin.access-key-id");
    putEnv(properties, "MESHPLANE_ADMIN_SECRET_ACCESS_KEY", "meshplane.admin.secret-access-key");
    return properties;
  }

  private static void putEnv(Map<String, Object> properties, String variable, String property) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      properties.put(property, value);
    }
  }
}
