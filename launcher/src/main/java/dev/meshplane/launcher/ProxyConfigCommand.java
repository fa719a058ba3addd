package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshplaneApi;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshplane proxy-config --mesh M --virtual-node N [--type T] [--diff]}: the config each
 * management instance serves the proxy (as Envoy JSON), or with {@code --diff} how it differs from
 * the config stored now.
 */
@Command(name = "proxy-config", mixinStandardHelpOptions = true,
    description = "Prints the xDS config each management instance serves a proxy; with --diff, its difference"
        + " from the config stored now.")
public final class ProxyConfigCommand extends ApiCommand {
  /** --type values and the fields of the stored config's JSON they select. */
  static final Map<String, String> TYPES = Map.of(
      "listener", "listeners", "listeners", "listeners",
      "route", "routeConfigurations", "routes", "routeConfigurations", "routeconfiguration", "routeConfigurations",
      "cluster", "clusters", "clusters", "clusters",
      "endpoint", "clusterLoadAssignments", "endpoints", "clusterLoadAssignments",
      "clusterloadassignment", "clusterLoadAssignments");

  @Option(names = "--mesh", required = true, description = "The proxy's mesh.")
  String mesh;

  static final class Proxy {
    @Option(names = "--virtual-node", description = "A virtual node.")
    String virtualNode;

    @Option(names = "--virtual-gateway", description = "A virtual gateway.")
    String virtualGateway;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Proxy proxy;

  @Option(names = "--type", description = "Only listeners, routes, clusters or endpoints (default: all).")
  String type;

  @Option(names = "--diff", description = "Show how the served config differs from the stored one.")
  boolean diff;

  @Override
  int run(MeshApiClient connection, PrintWriter out, PrintWriter err) {
    if (type != null && !TYPES.containsKey(type.toLowerCase(Locale.ROOT))) {
      err.println("error: --type must be listeners, routes, clusters or endpoints, got '" + type + "'");
      return 2;
    }
    String base = "/meshplane/v1/meshes/" + MeshplaneApi.segment(mesh)
        + (proxy.virtualNode != null ? "/virtualNodes/" + MeshplaneApi.segment(proxy.virtualNode)
            : "/virtualGateways/" + MeshplaneApi.segment(proxy.virtualGateway));
    MeshplaneApi client = connection.meshplane();
    JsonNode status = client.get(base + "/proxies");
    List<JsonNode> served = java.util.stream.StreamSupport.stream(status.path("served").spliterator(), false).toList();
    if (served.isEmpty()) {
      err.println("error: no management instance serves " + status.path("proxy").asText()
          + " now (no proxy of it is connected)");
      return 1;
    }
    JsonNode stored = diff ? client.get(base + "/config").path("config") : MissingNode.getInstance();
    for (JsonNode one : served) {
      String variant = variantField(one.path("variant").asText());
      out.println("# " + one.path("proxy").asText() + " " + one.path("variant").asText() + " served by "
          + one.path("instance").asText() + ": generation " + one.path("generation").asText() + ", journal commit "
          + one.path("journalCommitTime").asText());
      String servedText = select(one.path("config").path(variant));
      if (!diff) {
        out.println(servedText);
        continue;
      }
      List<String> lines = LineDiff.diff(servedText, select(stored.path(variant)));
      out.println(lines.isEmpty() ? "# the same as the stored config"
          : "# - served, + stored now\n" + String.join("\n", lines));
    }
    return 0;
  }

  private String select(JsonNode config) {
    JsonNode selected = type == null ? config : config.path(TYPES.get(type.toLowerCase(Locale.ROOT)));
    return selected.isMissingNode() ? "[]" : selected.toPrettyString();
  }

  /** SIDECAR → sidecar, PROXYLESS_GRPC → proxylessGrpc: the stored config's JSON fields. */
  static String variantField(String variant) {
    return variant.equals("PROXYLESS_GRPC") ? "proxylessGrpc" : "sidecar";
  }
}
