package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GatewayRouteHostnameMatch;
import dev.meshplane.model.appmesh.GrpcGatewayRouteMatch;
import dev.meshplane.model.appmesh.GrpcMetadataMatchMethod;
import dev.meshplane.model.appmesh.GrpcRouteMatch;
import dev.meshplane.model.appmesh.GrpcRouteMetadataMatchMethod;
import dev.meshplane.model.appmesh.HeaderMatchMethod;
import dev.meshplane.model.appmesh.HttpGatewayRouteMatch;
import dev.meshplane.model.appmesh.HttpPathMatch;
import dev.meshplane.model.appmesh.HttpQueryParameter;
import dev.meshplane.model.appmesh.HttpRouteMatch;
import dev.meshplane.model.appmesh.MatchRange;
import java.util.List;
import java.util.Optional;

/** App Mesh's route, gateway route and gRPC matches as {@link RequestMatch}es. */
final class Matches {
  private Matches() {}

  static RequestMatch of(HttpRouteMatch m) {
    return new RequestMatch(
        path(m.hasPath(), m.getPath(), m.hasPrefix(), m.getPrefix()),
        m.getHeadersList().stream().map(h -> header(h.getName(), h.hasMatch(), h.getMatch(), h.getInvert())).toList(),
        m.hasMethod() ? Optional.of(m.getMethod()) : Optional.empty(),
        m.hasScheme() ? Optional.of(m.getScheme()) : Optional.empty(),
        query(m.getQueryParametersList()));
  }

  /** Gateway routes have no scheme match. */
  static RequestMatch of(HttpGatewayRouteMatch m) {
    return new RequestMatch(
        path(m.hasPath(), m.getPath(), m.hasPrefix(), m.getPrefix()),
        m.getHeadersList().stream().map(h -> header(h.getName(), h.hasMatch(), h.getMatch(), h.getInvert())).toList(),
        m.hasMethod() ? Optional.of(m.getMethod()) : Optional.empty(),
        Optional.empty(),
        query(m.getQueryParametersList()));
  }

  private static HeaderMatch header(String name, boolean hasMatch, HeaderMatchMethod match, boolean invert) {
    return new HeaderMatch(name, hasMatch ? method(match) : MatchMethod.PRESENT, invert);
  }

  /** gRPC requests are POSTs to {@code /<service>/<method>}; metadata are headers. */
  static RequestMatch of(GrpcRouteMatch m) {
    PathMatch path = m.hasServiceName() && m.hasMethodName()
        ? PathMatch.exact("/" + m.getServiceName() + "/" + m.getMethodName())
        : m.hasServiceName() ? PathMatch.prefix("/" + m.getServiceName() + "/") : PathMatch.ANY;
    return grpc(path, m.getMetadataList().stream()
        .map(md -> new HeaderMatch(md.getName(), md.hasMatch() ? method(md.getMatch()) : MatchMethod.PRESENT, md.getInvert()))
        .toList());
  }

  static RequestMatch of(GrpcGatewayRouteMatch m) {
    return grpc(m.hasServiceName() ? PathMatch.prefix("/" + m.getServiceName() + "/") : PathMatch.ANY,
        m.getMetadataList().stream()
            .map(md -> new HeaderMatch(md.getName(), md.hasMatch() ? method(md.getMatch()) : MatchMethod.PRESENT, md.getInvert()))
            .toList());
  }

  /** gRPC matches have no method, scheme or query: those are fixed by the protocol. */
  private static RequestMatch grpc(PathMatch path, List<HeaderMatch> metadata) {
    return new RequestMatch(path, metadata, Optional.empty(), Optional.empty(), List.of());
  }

  static HostnameMatch hostname(GatewayRouteHostnameMatch m) {
    if (m.hasExact()) {
      return new HostnameMatch(true, m.getExact());
    }
    return m.hasSuffix() ? new HostnameMatch(false, m.getSuffix()) : HostnameMatch.ANY;
  }

  static MatchMethod method(HeaderMatchMethod m) {
    return method(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange());
  }

  static MatchMethod method(GrpcRouteMetadataMatchMethod m) {
    return method(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange());
  }

  static MatchMethod method(GrpcMetadataMatchMethod m) {
    return method(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange());
  }

  private static MatchMethod method(
      boolean hasExact, String exact, boolean hasPrefix, String prefix, boolean hasSuffix, String suffix,
      boolean hasRegex, String regex, boolean hasRange, MatchRange range) {
    if (hasExact) {
      return MatchMethod.of(MatchMethod.Kind.EXACT, exact);
    }
    if (hasPrefix) {
      return MatchMethod.of(MatchMethod.Kind.PREFIX, prefix);
    }
    if (hasSuffix) {
      return MatchMethod.of(MatchMethod.Kind.SUFFIX, suffix);
    }
    if (hasRegex) {
      return MatchMethod.of(MatchMethod.Kind.REGEX, regex);
    }
    return hasRange ? MatchMethod.range(range.getStart(), range.getEnd()) : MatchMethod.PRESENT;
  }

  private static PathMatch path(boolean hasPath, HttpPathMatch path, boolean hasPrefix, String prefix) {
    if (hasPath && path.hasExact()) {
      return PathMatch.exact(path.getExact());
    }
    if (hasPath && path.hasRegex()) {
      return PathMatch.regex(path.getRegex());
    }
    return hasPrefix ? PathMatch.prefix(prefix) : PathMatch.ANY;
  }

  private static List<QueryMatch> query(List<HttpQueryParameter> parameters) {
    return parameters.stream()
        .map(q -> new QueryMatch(q.getName(),
            q.getMatch().hasExact() ? Optional.of(q.getMatch().getExact()) : Optional.empty()))
        .toList();
  }
}
