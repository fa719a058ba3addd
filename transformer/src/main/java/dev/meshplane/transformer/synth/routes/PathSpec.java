package dev.meshplane.transformer.synth.routes;

import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;

/** The path part of a route match: a prefix, an exact path or a regular expression. */
record PathSpec(Kind kind, String value) {
  enum Kind {
    PREFIX,
    EXACT,
    REGEX
  }

  static final PathSpec ANY = new PathSpec(Kind.PREFIX, "/");

  static PathSpec prefix(String value) {
    return new PathSpec(Kind.PREFIX, value);
  }

  static PathSpec exact(String value) {
    return new PathSpec(Kind.EXACT, value);
  }

  boolean isAny() {
    return equals(ANY);
  }

  void applyTo(RouteMatch.Builder match) {
    switch (kind) {
      case PREFIX -> match.setPrefix(value);
      case EXACT -> match.setPath(value);
      case REGEX -> match.setSafeRegex(RegexMatcher.newBuilder().setRegex(value));
    }
  }
}
