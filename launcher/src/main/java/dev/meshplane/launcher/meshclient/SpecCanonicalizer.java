package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.frontend.rules.KindRules;
import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceKind;

/**
 * A spec as the server would store it: read through the model and completed with the defaults the
 * server fills in (the frontend's own {@link KindRules#withDefaults}), in the model's member order.
 * Two specs that store the same compare equal, so a second apply finds nothing to change. A spec
 * the model refuses stays as written: it differs, and the server's refusal says why.
 */
final class SpecCanonicalizer {
  private static final RulesRegistry RULES = RulesRegistry.standard();

  private SpecCanonicalizer() {}

  static JsonNode canonical(ResourceKind kind, JsonNode spec) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(kind.specDescriptor());
    if (!ProtoJson.merge(spec, builder, "spec").isEmpty()) {
      return spec;
    }
    return ProtoJson.toJson(withDefaults(RULES.forKind(kind), builder.build()));
  }

  private static <S extends Message> Message withDefaults(KindRules<S> rules, Message spec) {
    return rules.withDefaults(rules.typed(spec));
  }
}
