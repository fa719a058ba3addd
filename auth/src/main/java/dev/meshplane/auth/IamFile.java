package dev.meshplane.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an IAM file: {@code {"principals":[{"name":..., "account"?:..., "accessKeys":[{"id":...,"secret":...}],
 * "policies":[<IAM policy document>...]}]}} into credentials by access key id. Anything wrong (a duplicate key
 * id or principal name, a policy PolicyParser refuses, a missing field) is an IllegalArgumentException
 * naming the file and the place, so a server refuses to start on it and a reload keeps what it had.
 */
public final class IamFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

  private IamFile() {}

  public static Map<String, PrincipalDirectory.Credentials> read(Path file, String defaultAccount) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
    }
    return parse(root, file.toString(), defaultAccount);
  }

  static Map<String, PrincipalDirectory.Credentials> parse(JsonNode root, String where, String defaultAccount) {
    JsonNode principals = root == null ? null : root.get("principals");
    if (principals == null || !principals.isArray()) {
      throw new IllegalArgumentException(where + ": must be an object with a \"principals\" list");
    }
    Map<String, PrincipalDirectory.Credentials> byKeyId = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < principals.size(); i++) {
      JsonNode node = principals.get(i);
      String path = where + ": principals[" + i + "]";
      String name = text(node, "name", path);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(path + ".name: \"" + name + "\" is not an IAM user name (letters, digits, +=,.@_- ; at most 64)");
      }
      String account = node.has("account") ? text(node, "account", path) : defaultAccount;
      if (!ACCOUNT.matcher(account).matches()) {
        throw new IllegalArgumentException(path + ".account: \"" + account + "\" is not a 12-digit account id");
      }
      String arn = "arn:aws:iam::" + account + ":user/" + name;
      if (names.put(arn, path) != null) {
        throw new IllegalArgumentException(path + ": principal " + arn + " is already defined at " + names.get(arn));
      }
      List<JsonNode> documents = new ArrayList<>();
      JsonNode policies = node.path("policies");
      if (!policies.isMissingNode() && !policies.isArray()) {
        throw new IllegalArgumentException(path + ".policies: must be a list of IAM policy documents");
      }
      policies.forEach(documents::add);
      Principal principal = new Principal(name, account, PolicyParser.parse(documents, path));
      JsonNode keys = node.path("accessKeys");
      if (!keys.isArray() || keys.isEmpty()) {
        throw new IllegalArgumentException(path + ".accessKeys: must list at least one {\"id\":..., \"secret\":...}");
      }
      for (int k = 0; k < keys.size(); k++) {
        String keyPath = path + ".accessKeys[" + k + "]";
        AccessKey key = new AccessKey(text(keys.get(k), "id", keyPath), text(keys.get(k), "secret", keyPath));
        PrincipalDirectory.Credentials previous = byKeyId.put(key.id(), new PrincipalDirectory.Credentials(principal, key));
        if (previous != null) {
          throw new IllegalArgumentException(keyPath + ".id: access key id " + key.id() + " is also used by " + previous.principal().arn());
        }
      }
    }
    return Map.copyOf(byKeyId);
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(path + "." + field + ": required, a non-empty string");
    }
    return value.asText();
  }
}
