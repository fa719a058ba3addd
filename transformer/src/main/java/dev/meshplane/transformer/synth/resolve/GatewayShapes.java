package dev.meshplane.transformer.synth.resolve;

import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;

/**
 * The model repeats the virtual node's listener TLS, client policy and connection pool shapes for
 * virtual gateways under other names (the same JSON members, fewer of them); read as the node's
 * shape, each is resolved by one piece of code.
 */
final class GatewayShapes {
  private GatewayShapes() {}

  static <T extends Message> T asNode(Message gatewayShape, T nodeShape) {
    return ProtoJson.parse(ProtoJson.toJsonString(gatewayShape), nodeShape);
  }
}
