package dev.meshplane.frontend.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.Mutation;
import dev.meshplane.store.StoredResource;
import dev.meshplane.store.Tag;
import java.util.List;

/** TagResource, UntagResource and ListTagsForResource, addressed by ARN. */
public final class TagOperations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_PAGE = 50;

  private final JournaledStore store;
  private final ApiSettings settings;
  private final PageTokens tokens;

  public TagOperations(JournaledStore store, ApiSettings settings, PageTokens tokens) {
    this.store = store;
    this.settings = settings;
    this.tokens = tokens;
  }

  public ObjectNode tag(Message input, String principal) {
    ResourceId id = resolve(Inputs.string(input, "resourceArn"));
    List<Tag> tags = ResourceOperations.Tags.fromRefs(Inputs.list(input, "tags"));
    store.apply(new Mutation.TagResource(id, tags, principal));
    return JSON.createObjectNode();
  }

  public ObjectNode untag(Message input, String principal) {
    ResourceId id = resolve(Inputs.string(input, "resourceArn"));
    List<String> keys = Inputs.list(input, "tagKeys");
    store.apply(new Mutation.UntagResource(id, keys, principal));
    return JSON.createObjectNode();
  }

  public ObjectNode list(Message input) {
    String arn = Inputs.string(input, "resourceArn");
    ResourceId id = resolve(arn);
    StoredResource resource =
        store.get(id).orElseThrow(() -> new ApiException(ErrorType.NotFoundException, Names.describe(id) + " not found"));
    String scope = "tags/" + arn;
    String token = Inputs.string(input, "nextToken");
    int size = resource.tags().size();
    // tags removed since the token was issued leave an empty last page, never an error
    int offset = token == null ? 0 : Math.min(size, offset(tokens.position(scope, token)));
    Integer limit = Inputs.integer(input, "limit");
    int end = offset + Math.min(size - offset, limit == null ? DEFAULT_PAGE : Math.max(1, limit));
    ObjectNode output = JSON.createObjectNode();
    ArrayNode tags = output.putArray("tags");
    for (Tag tag : resource.tags().subList(offset, end)) {
      tags.addObject().put("key", tag.key()).put("value", tag.value());
    }
    if (end < size) {
      output.put("nextToken", tokens.issue(scope, Integer.toString(end)));
    }
    return output;
  }

  /** A signed position is one this API wrote; it is range-checked all the same. */
  private static int offset(String position) {
    try {
      int offset = Integer.parseInt(position);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw PageTokens.invalid();
  }

  private ResourceId resolve(String arn) {
    ResourceId id =
        Arns.parse(arn)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorType.BadRequestException,
                        "resourceArn: \"" + arn + "\" is not an App Mesh resource ARN "
                            + "(arn:aws:appmesh:<region>:<account>:mesh/<mesh>[/<kind>/<name>...])"));
    if (arn.startsWith("arn:") && !arn.equals(Arns.arn(settings.region(), settings.accountId(), id))) {
      throw new ApiException(
          ErrorType.NotFoundException,
          "resourceArn: " + arn + " is not in this region and account (" + settings.region() + ", "
              + settings.accountId() + ")");
    }
    return id;
  }
}
