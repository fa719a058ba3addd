package dev.meshplane.transformer.incremental;

import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.transformer.synth.resolve.SpecParser;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parsed specs of one mesh, kept from pass to pass: a spec whose JSON is unchanged is not
 * parsed again. Messages are immutable, so handing the same one to every pass is safe.
 */
final class ParsedSpecs implements SpecParser {
  private record Parsed(String json, Message message) {}

  private final Map<ResourceId, Parsed> parsed = new HashMap<>();

  @Override
  public Message parse(ResourceId id, String json, Message defaultInstance) {
    Parsed known = parsed.get(id);
    if (known != null && known.json().equals(json)
        && known.message().getDescriptorForType() == defaultInstance.getDescriptorForType()) {
      return known.message();
    }
    Message message = ProtoJson.parse(json, defaultInstance);
    parsed.put(id, new Parsed(json, message));
    return message;
  }

  /** Forgets the specs of resources no longer in the mesh. */
  void retainOnly(Set<ResourceId> present) {
    parsed.keySet().retainAll(present);
  }
}
