package dev.meshplane.transformer.synth.resolve;

import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;

/**
 * Parses a stored spec (App Mesh JSON) into its message; the incremental synthesizer passes one
 * that remembers the specs of the previous snapshot, so a change re-parses only what changed.
 */
@FunctionalInterface
public interface SpecParser {
  SpecParser PLAIN = (id, json, defaultInstance) -> ProtoJson.parse(json, defaultInstance);

  /** The spec {@code json} of {@code id} as a message of {@code defaultInstance}'s type. */
  Message parse(ResourceId id, String json, Message defaultInstance);
}
