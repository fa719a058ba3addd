package dev.meshplane.transformer.synth.routes;

import dev.meshplane.model.appmesh.GrpcMetadataMatchMethod;
import dev.meshplane.model.appmesh.GrpcRouteMetadataMatchMethod;
import dev.meshplane.model.appmesh.HeaderMatchMethod;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.Int64Range;

/**
 * The one shape behind App Mesh's three header/metadata match unions (exact, prefix, suffix,
 * regex, range); absent means "the header is present".
 */
record MatchMethod(Kind kind, String value, long start, long end) {
  enum Kind {
    PRESENT,
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX,
    RANGE
  }

  static MatchMethod of(boolean declared, HeaderMatchMethod m) {
    if (!declared) {
      return present();
    }
    return from(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange().getStart(), m.getRange().getEnd());
  }

  static MatchMethod of(boolean declared, GrpcRouteMetadataMatchMethod m) {
    if (!declared) {
      return present();
    }
    return from(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange().getStart(), m.getRange().getEnd());
  }

  static MatchMethod of(boolean declared, GrpcMetadataMatchMethod m) {
    if (!declared) {
      return present();
    }
    return from(m.hasExact(), m.getExact(), m.hasPrefix(), m.getPrefix(), m.hasSuffix(), m.getSuffix(),
        m.hasRegex(), m.getRegex(), m.hasRange(), m.getRange().getStart(), m.getRange().getEnd());
  }

  static MatchMethod exact(String value) {
    return new MatchMethod(Kind.EXACT, value, 0, 0);
  }

  private static MatchMethod present() {
    return new MatchMethod(Kind.PRESENT, "", 0, 0);
  }

  private static MatchMethod from(
      boolean hasExact, String exact, boolean hasPrefix, String prefix, boolean hasSuffix, String suffix,
      boolean hasRegex, String regex, boolean hasRange, long start, long end) {
    if (hasExact) {
      return new MatchMethod(Kind.EXACT, exact, 0, 0);
    }
    if (hasPrefix) {
      return new MatchMethod(Kind.PREFIX, prefix, 0, 0);
    }
    if (hasSuffix) {
      return new MatchMethod(Kind.SUFFIX, suffix, 0, 0);
    }
    if (hasRegex) {
      return new MatchMethod(Kind.REGEX, regex, 0, 0);
    }
    if (hasRange) {
      return new MatchMethod(Kind.RANGE, "", start, end);
    }
    return present();
  }

  HeaderMatcher toHeaderMatcher(String name, boolean invert) {
    HeaderMatcher.Builder header = HeaderMatcher.newBuilder().setName(name).setInvertMatch(invert);
    switch (kind) {
      case PRESENT -> header.setPresentMatch(true);
      case EXACT -> header.setStringMatch(StringMatcher.newBuilder().setExact(value));
      case PREFIX -> header.setStringMatch(StringMatcher.newBuilder().setPrefix(value));
      case SUFFIX -> header.setStringMatch(StringMatcher.newBuilder().setSuffix(value));
      case REGEX -> header.setStringMatch(
          StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(value)));
      case RANGE -> header.setRangeMatch(Int64Range.newBuilder().setStart(start).setEnd(end));
    }
    return header.build();
  }
}
