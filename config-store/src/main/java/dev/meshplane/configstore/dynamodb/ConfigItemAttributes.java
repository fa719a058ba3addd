package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB item shape of a {@link ProxyConfigItem}: one attribute per field. */
final class ConfigItemAttributes {

  static final String KEY = "key";
  static final String MESH = "mesh";
  static final String GENERATION = "generation";
  static final String CONTENT_HASH = "contentHash";
  static final String PAYLOAD = "payload";
  static final String JOURNAL_COMMIT_TIME = "journalCommitTime";

  private ConfigItemAttributes() {}

  static Map<String, AttributeValue> toItem(ProxyConfigItem item) {
    return Map.of(
        KEY, string(item.key()),
        MESH, string(item.mesh()),
        GENERATION, number(item.generation()),
        CONTENT_HASH, string(item.contentHash()),
        PAYLOAD, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(item.payload())),
        JOURNAL_COMMIT_TIME, number(item.journalCommitTime().toEpochMilli()));
  }

  static ProxyConfigItem fromItem(Map<String, AttributeValue> item) {
    return new ProxyConfigItem(
        item.get(KEY).s(),
        item.get(MESH).s(),
        Long.parseLong(item.get(GENERATION).n()),
        item.get(CONTENT_HASH).s(),
        item.get(PAYLOAD).b().asByteArrayUnsafe(),
        Instant.ofEpochMilli(Long.parseLong(item.get(JOURNAL_COMMIT_TIME).n())));
  }

  /** The version of an item read whole or from an index projecting only the version attributes. */
  static ProxyConfigVersion versionOf(Map<String, AttributeValue> item) {
    return new ProxyConfigVersion(
        item.get(KEY).s(),
        Long.parseLong(item.get(GENERATION).n()),
        item.get(CONTENT_HASH).s(),
        Instant.ofEpochMilli(Long.parseLong(item.get(JOURNAL_COMMIT_TIME).n())));
  }

  static Map<String, AttributeValue> keyOf(String key) {
    return Map.of(KEY, string(key));
  }

  static AttributeValue string(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
