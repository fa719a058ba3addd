package dev.meshplane.envoy.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource types this server serves (xDS v3: clusters, endpoints, listeners, routes, secrets)
 * and the refusal of any other type URL a request names, with a message saying what to ask for.
 */
final class ServedTypes {
  private static final List<String> SERVED = Resources.V3.TYPE_URLS;
  /** xDS v2 names of the served types, to tell a v2 client which v3 type to use. */
  private static final Map<String, String> V2_TO_V3 = Map.of(
      "type.googleapis.com/envoy.api.v2.Cluster", Resources.V3.CLUSTER_TYPE_URL,
      "type.googleapis.com/envoy.api.v2.ClusterLoadAssignment", Resources.V3.ENDPOINT_TYPE_URL,
      "type.googleapis.com/envoy.api.v2.Listener", Resources.V3.LISTENER_TYPE_URL,
      "type.googleapis.com/envoy.api.v2.RouteConfiguration", Resources.V3.ROUTE_TYPE_URL,
      "type.googleapis.com/envoy.api.v2.auth.Secret", Resources.V3.SECRET_TYPE_URL);
  /** Longest type URL echoed in an error. */
  private static final int MAX_ECHOED = 200;

  private ServedTypes() {}

  /**
   * Empty when {@code typeUrl} may be asked for on a call of {@code serviceTypeUrl} (empty for
   * ADS, which carries every type; a per-type service takes its own type or none).
   */
  static Optional<Status> refusal(String typeUrl, Optional<String> serviceTypeUrl) {
    if (serviceTypeUrl.isPresent()) {
      if (typeUrl.isEmpty() || typeUrl.equals(serviceTypeUrl.get())) {
        return Optional.empty();
      }
      return Optional.of(Status.INVALID_ARGUMENT.withDescription("type_url \"" + echo(typeUrl)
          + "\" cannot be asked for on the " + serviceTypeUrl.get() + " discovery service; use "
          + serviceTypeUrl.get() + " or the aggregated discovery service"));
    }
    if (SERVED.contains(typeUrl)) {
      return Optional.empty();
    }
    if (typeUrl.isEmpty()) {
      return Optional.of(Status.INVALID_ARGUMENT.withDescription(
          "type_url is empty; every aggregated discovery request names its resource type, one of " + SERVED));
    }
    String v3 = V2_TO_V3.get(typeUrl);
    if (v3 != null || typeUrl.startsWith("type.googleapis.com/envoy.api.v2.")) {
      return Optional.of(Status.INVALID_ARGUMENT.withDescription("type_url \"" + echo(typeUrl)
          + "\" is xDS v2, which this server does not serve; ask for "
          + (v3 != null ? v3 : "a v3 type, one of " + SERVED)));
    }
    return Optional.of(Status.INVALID_ARGUMENT.withDescription(
        "type_url \"" + echo(typeUrl) + "\" is not served; this server serves " + SERVED));
  }

  private static String echo(String text) {
    return text.length() <= MAX_ECHOED ? text : text.substring(0, MAX_ECHOED) + "...";
  }
}
