package dev.meshplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.manifests.SdkModelJson;
import software.amazon.awssdk.core.SdkPojo;

/**
 * App Mesh JSON (the {@code --cli-input-json} shape, as the walkthroughs write it) to and from the
 * AWS SDK v2's model objects: {@link SdkModelJson} (in manifests), which {@code meshplane apply}
 * sends its requests through, with a member the model lacks failing the test.
 */
final class SdkJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private SdkJson() {}

  /** Sets every member of {@code json} on {@code builder} (an SDK model builder); fails on a member the model lacks. */
  static void fill(SdkPojo builder, JsonNode json, String where) {
    try {
      SdkModelJson.fill(builder, json, where);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A model object back as App Mesh JSON: the members that are set (timestamps as epoch seconds). */
  static JsonNode json(SdkPojo pojo) {
    return SdkModelJson.json(pojo);
  }
}
