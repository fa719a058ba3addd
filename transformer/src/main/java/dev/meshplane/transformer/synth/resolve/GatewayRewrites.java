package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GatewayRouteHostnameRewrite;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.HttpGatewayRoute;
import dev.meshplane.model.vocabulary.RouteKind;
import java.util.Optional;

/**
 * A gateway route's match and App Mesh's rewrite rules, decided: by default the matched prefix
 * becomes {@code /} and the Host the target virtual service; {@code DISABLED} keeps either as it
 * was; a declared value or path replaces it. A regular expression is never rewritten.
 */
final class GatewayRewrites {
  /** How App Mesh spells "leave it as the client sent it" for both default rewrites. */
  private static final String DISABLED = "DISABLED";

  private GatewayRewrites() {}

  static ResolvedGatewayRoute resolve(
      String name, RouteKind kind, GatewayRouteSpec spec, ResolvedBackend target, int targetPort) {
    RequestMatch match;
    String pathRewrittenTo;
    GatewayRouteHostnameRewrite hostRewrite;
    HostnameMatch hostname;
    if (kind == RouteKind.GRPC) {
      var grpc = spec.getGrpcRoute();
      match = Matches.of(grpc.getMatch());
      pathRewrittenTo = match.path().value();
      hostRewrite = grpc.getAction().getRewrite().getHostname();
      hostname = Matches.hostname(grpc.getMatch().getHostname());
    } else {
      HttpGatewayRoute http = kind.httpRoute(spec);
      match = Matches.of(http.getMatch());
      pathRewrittenTo = pathRewrittenTo(http, match.path());
      hostRewrite = http.getAction().getRewrite().getHostname();
      hostname = Matches.hostname(http.getMatch().getHostname());
    }
    return new ResolvedGatewayRoute(
        name,
        kind.protocol(),
        kind.matchPort(spec),
        hostname,
        match,
        pathRewrittenTo,
        DISABLED.equals(hostRewrite.getDefaultTargetHostname())
            ? Optional.empty() : Optional.of(target.virtualServiceName()),
        target,
        targetPort);
  }

  /** What the gateway's path becomes: the declared rewrite, else {@code /} for a prefix (App Mesh's default). */
  private static String pathRewrittenTo(HttpGatewayRoute http, PathMatch matched) {
    var rewrite = http.getAction().getRewrite();
    if (matched.kind() == PathMatch.Kind.REGEX) {
      return matched.value();
    }
    if (matched.kind() == PathMatch.Kind.EXACT) {
      return rewrite.getPath().hasExact() ? rewrite.getPath().getExact() : matched.value();
    }
    if (rewrite.getPrefix().hasValue()) {
      return rewrite.getPrefix().getValue();
    }
    return DISABLED.equals(rewrite.getPrefix().getDefaultPrefix()) ? matched.value() : "/";
  }
}
