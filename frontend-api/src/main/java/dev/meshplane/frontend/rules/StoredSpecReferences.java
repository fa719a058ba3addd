package dev.meshplane.frontend.rules;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.ReferenceFinder;
import java.util.Set;

/**
 * The references of a stored spec, computed by the same rules as on the API's writes: what a
 * restore to an earlier journal sequence needs, since the journal keeps specs and not references.
 */
public final class StoredSpecReferences implements ReferenceFinder {

  private final RulesRegistry rules;

  public StoredSpecReferences(RulesRegistry rules) {
    this.rules = rules;
  }

  @Override
  public Set<ResourceId> referencesOf(ResourceId id, String specJson) {
    return referencesOf(rules.forKind(id.kind()), id, specJson);
  }

  private static <S extends Message> Set<ResourceId> referencesOf(KindRules<S> kindRules, ResourceId id, String specJson) {
    Message stored = ProtoJson.parse(specJson, DynamicMessage.getDefaultInstance(id.kind().specDescriptor()));
    return kindRules.references(id, kindRules.typed(stored));
  }
}
