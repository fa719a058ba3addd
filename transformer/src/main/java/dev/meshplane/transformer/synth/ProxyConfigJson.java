package dev.meshplane.transformer.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.meshplane.proxyconfig.EnvoyTypes;
import dev.meshplane.transformer.synth.resolve.Discovery;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A proxy config as Envoy's JSON (proto3 JSON of each resource, grouped by type), stable for equal
 * configs: what golden files hold and what operators read. Empty groups are left out.
 */
public final class ProxyConfigJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(EnvoyTypes.REGISTRY);

  private ProxyConfigJson() {}

  public static ObjectNode toJson(ProxyConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("key", config.key());
    node.put("kind", config.kind().name());
    envoy(node, "listeners", config.listeners());
    envoy(node, "routeConfigurations", config.routeConfigurations());
    envoy(node, "clusters", config.clusters());
    envoy(node, "clusterLoadAssignments", config.clusterLoadAssignments());
    if (!config.endpointResolutions().isEmpty()) {
      ArrayNode array = node.putArray("endpointResolutions");
      config.endpointResolutions().forEach(r -> array.add(resolution(r)));
    }
    if (!config.secrets().isEmpty()) {
      ArrayNode array = node.putArray("secrets");
      config.secrets().forEach(s -> array.addObject().put("name", s.name()).put("source", s.source().name()));
    }
    if (!config.warnings().isEmpty()) {
      ArrayNode array = node.putArray("warnings");
      config.warnings().forEach(array::add);
    }
    return node;
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void envoy(ObjectNode into, String field, List<? extends MessageOrBuilder> messages) {
    if (messages.isEmpty()) {
      return;
    }
    ArrayNode array = into.putArray(field);
    for (MessageOrBuilder message : messages) {
      try {
        array.add(MAPPER.readTree(PRINTER.print(message)));
      } catch (InvalidProtocolBufferException | JsonProcessingException e) {
        throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
      }
    }
  }

  private static ObjectNode resolution(EndpointResolution r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("clusterName", r.clusterName());
    node.put("port", r.port());
    if (r.discovery() instanceof Discovery.Dns dns) {
      ObjectNode d = node.putObject("dns");
      d.put("hostname", dns.hostname());
      d.put("responseType", dns.responseType().name());
      dns.ipPreference().ifPresent(p -> d.put("ipPreference", p.name()));
    } else if (r.discovery() instanceof Discovery.CloudMap cm) {
      ObjectNode c = node.putObject("awsCloudMap");
      c.put("namespaceName", cm.namespace());
      c.put("serviceName", cm.service());
      if (!cm.attributes().isEmpty()) {
        ArrayNode attributes = c.putArray("attributes");
        cm.attributes().forEach(a -> attributes.addObject().put("key", a.key()).put("value", a.value()));
      }
      cm.ipPreference().ifPresent(p -> c.put("ipPreference", p.name()));
    }
    r.healthCheckPort().ifPresent(p -> node.put("healthCheckPort", p));
    return node;
  }
}
