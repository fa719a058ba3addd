package dev.meshplane.transformer.synth.routes;

import dev.meshplane.model.appmesh.GrpcGatewayRouteMatch;
import dev.meshplane.model.appmesh.GrpcRouteMatch;
import dev.meshplane.model.appmesh.HttpGatewayRouteMatch;
import dev.meshplane.model.appmesh.HttpPathMatch;
import dev.meshplane.model.appmesh.HttpQueryParameter;
import dev.meshplane.model.appmesh.HttpRouteMatch;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * App Mesh route and gateway route matches as Envoy route matches: the path part ({@link
 * PathSpec}) separately from the conditions (headers, method, scheme, query parameters, gRPC
 * metadata), so a gateway route and a router route can be combined.
 */
final class RouteMatches {
  private RouteMatches() {}

  static PathSpec path(HttpRouteMatch m) {
    return path(m.hasPath(), m.getPath(), m.hasPrefix(), m.getPrefix());
  }

  static PathSpec path(HttpGatewayRouteMatch m) {
    return path(m.hasPath(), m.getPath(), m.hasPrefix(), m.getPrefix());
  }

  /** gRPC requests are POSTs to {@code /<service>/<method>}. */
  static PathSpec path(GrpcRouteMatch m) {
    if (m.hasServiceName() && m.hasMethodName()) {
      return PathSpec.exact("/" + m.getServiceName() + "/" + m.getMethodName());
    }
    return m.hasServiceName() ? PathSpec.prefix("/" + m.getServiceName() + "/") : PathSpec.ANY;
  }

  static PathSpec path(GrpcGatewayRouteMatch m) {
    return m.hasServiceName() ? PathSpec.prefix("/" + m.getServiceName() + "/") : PathSpec.ANY;
  }

  private static PathSpec path(boolean hasPath, HttpPathMatch path, boolean hasPrefix, String prefix) {
    if (hasPath && path.hasExact()) {
      return PathSpec.exact(path.getExact());
    }
    if (hasPath && path.hasRegex()) {
      return new PathSpec(PathSpec.Kind.REGEX, path.getRegex());
    }
    return hasPrefix ? PathSpec.prefix(prefix) : PathSpec.ANY;
  }

  static void conditions(HttpRouteMatch m, RouteMatch.Builder match) {
    m.getHeadersList().forEach(h -> match.addHeaders(MatchMethod.of(h.hasMatch(), h.getMatch())
        .toHeaderMatcher(h.getName(), h.getInvert())));
    if (m.hasMethod()) {
      match.addHeaders(MatchMethod.exact(m.getMethod()).toHeaderMatcher(":method", false));
    }
    if (m.hasScheme()) {
      match.addHeaders(MatchMethod.exact(m.getScheme()).toHeaderMatcher(":scheme", false));
    }
    queryParameters(m.getQueryParametersList(), match);
  }

  static void conditions(HttpGatewayRouteMatch m, RouteMatch.Builder match) {
    m.getHeadersList().forEach(h -> match.addHeaders(MatchMethod.of(h.hasMatch(), h.getMatch())
        .toHeaderMatcher(h.getName(), h.getInvert())));
    if (m.hasMethod()) {
      match.addHeaders(MatchMethod.exact(m.getMethod()).toHeaderMatcher(":method", false));
    }
    queryParameters(m.getQueryParametersList(), match);
  }

  static void conditions(GrpcRouteMatch m, RouteMatch.Builder match) {
    m.getMetadataList().forEach(md -> match.addHeaders(MatchMethod.of(md.hasMatch(), md.getMatch())
        .toHeaderMatcher(md.getName(), md.getInvert())));
  }

  static void conditions(GrpcGatewayRouteMatch m, RouteMatch.Builder match) {
    m.getMetadataList().forEach(md -> match.addHeaders(MatchMethod.of(md.hasMatch(), md.getMatch())
        .toHeaderMatcher(md.getName(), md.getInvert())));
  }

  private static void queryParameters(List<HttpQueryParameter> parameters, RouteMatch.Builder match) {
    for (HttpQueryParameter q : parameters) {
      QueryParameterMatcher.Builder matcher = QueryParameterMatcher.newBuilder().setName(q.getName());
      if (q.getMatch().hasExact()) {
        matcher.setStringMatch(StringMatcher.newBuilder().setExact(q.getMatch().getExact()));
      } else {
        matcher.setPresentMatch(true);
      }
      match.addQueryParameters(matcher);
    }
  }
}
