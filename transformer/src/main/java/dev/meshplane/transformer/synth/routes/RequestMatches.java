package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.resolve.HeaderMatch;
import dev.meshplane.transformer.synth.resolve.MatchMethod;
import dev.meshplane.transformer.synth.resolve.PathMatch;
import dev.meshplane.transformer.synth.resolve.QueryMatch;
import dev.meshplane.transformer.synth.resolve.RequestMatch;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.Int64Range;

/**
 * Request matches as Envoy route matches: the path part separately from the conditions (headers,
 * method and scheme as pseudo-headers, query parameters), so a gateway route and a router route
 * can be combined into one match.
 */
final class RequestMatches {
  private RequestMatches() {}

  static void path(PathMatch path, RouteMatch.Builder match) {
    switch (path.kind()) {
      case PREFIX -> match.setPrefix(path.value());
      case EXACT -> match.setPath(path.value());
      case REGEX -> match.setSafeRegex(RegexMatcher.newBuilder().setRegex(path.value()));
    }
  }

  static void conditions(RequestMatch m, RouteMatch.Builder match) {
    m.headers().forEach(h -> match.addHeaders(header(h)));
    m.method().ifPresent(method -> match.addHeaders(
        header(new HeaderMatch(":method", MatchMethod.of(MatchMethod.Kind.EXACT, method), false))));
    m.scheme().ifPresent(scheme -> match.addHeaders(
        header(new HeaderMatch(":scheme", MatchMethod.of(MatchMethod.Kind.EXACT, scheme), false))));
    for (QueryMatch q : m.queryParameters()) {
      QueryParameterMatcher.Builder matcher = QueryParameterMatcher.newBuilder().setName(q.name());
      q.exact().ifPresentOrElse(
          exact -> matcher.setStringMatch(StringMatcher.newBuilder().setExact(exact)),
          () -> matcher.setPresentMatch(true));
      match.addQueryParameters(matcher);
    }
  }

  static HeaderMatcher header(HeaderMatch h) {
    HeaderMatcher.Builder header = HeaderMatcher.newBuilder().setName(h.name()).setInvertMatch(h.invert());
    MatchMethod m = h.method();
    switch (m.kind()) {
      case PRESENT -> header.setPresentMatch(true);
      case EXACT -> header.setStringMatch(StringMatcher.newBuilder().setExact(m.value()));
      case PREFIX -> header.setStringMatch(StringMatcher.newBuilder().setPrefix(m.value()));
      case SUFFIX -> header.setStringMatch(StringMatcher.newBuilder().setSuffix(m.value()));
      case REGEX -> header.setStringMatch(
          StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(m.value())));
      case RANGE -> header.setRangeMatch(Int64Range.newBuilder().setStart(m.start()).setEnd(m.end()));
    }
    return header.build();
  }
}
