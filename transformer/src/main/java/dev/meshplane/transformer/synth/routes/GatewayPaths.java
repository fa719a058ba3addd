package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.resolve.PathMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Combines a gateway route's path match and rewrite with the path match of a route behind the
 * target virtual service into one Envoy match (on the original path) and prefix rewrite.
 *
 * <p>The gateway rewrites the original path first ({@code prefix G → W}, or an exact path to
 * another); the router route then matches the rewritten path. Envoy evaluates one route table,
 * so the router route's condition is translated back onto the original path. Combinations that
 * can never match yield empty; those Envoy cannot express (a regular expression on one side and a
 * rewrite or a second condition on the other) yield empty and are reported by the caller.
 */
final class GatewayPaths {
  private GatewayPaths() {}

  /** The combined match and, when the path changes, the value Envoy swaps the matched part for. */
  record Combined(PathMatch match, Optional<String> prefixRewrite) {}

  /** Whether a pair was left out because it is not expressible (rather than unreachable). */
  static boolean inexpressible(PathMatch gateway, PathMatch route) {
    return (route.kind() == PathMatch.Kind.REGEX && !gateway.isAny())
        || (gateway.kind() == PathMatch.Kind.REGEX && !route.isAny());
  }

  /**
   * The Envoy matches for one pair, in match order (empty when it can never match).
   *
   * @param rewritten for a gateway prefix: what the prefix becomes; for an exact path: the new path
   */
  static List<Combined> combine(PathMatch gateway, String rewritten, PathMatch route) {
    if (inexpressible(gateway, route)) {
      return List.of();
    }
    switch (gateway.kind()) {
      case REGEX:
        return List.of(new Combined(gateway, Optional.empty()));
      case EXACT:
        return exactGateway(gateway.value(), rewritten, route).stream().toList();
      default:
        String matched = gateway.value();
        if (matched.endsWith("/") || !rewritten.endsWith("/")) {
          return prefixGateway(matched, rewritten, route).stream().toList();
        }
        // App Mesh rewrites "/color1/tell" to "/tell" for prefix /color1 and rewrite "/": the slash
        // after the gateway prefix belongs to the matched part, or the rewrite would leave
        // "//tell". Its gateways add the bare prefix after it, so "/color1" becomes "/" and
        // "/color1x" becomes "/x" (Envoy's two-route idiom for a prefix rewrite).
        List<Combined> pair = new ArrayList<>();
        prefixGateway(matched + "/", rewritten, route).ifPresent(pair::add);
        prefixGateway(matched, rewritten, route).filter(c -> !pair.contains(c)).ifPresent(pair::add);
        return pair;
    }
  }

  /** {@code g} is the matched part of the original path, {@code w} what it is rewritten to. */
  private static Optional<Combined> prefixGateway(String g, String w, PathMatch route) {
    String r = route.value();
    switch (route.kind()) {
      case REGEX:
        return Optional.of(new Combined(route, Optional.empty()));
      case EXACT:
        if (!r.startsWith(w)) {
          return Optional.empty();
        }
        String path = g + r.substring(w.length());
        return Optional.of(new Combined(PathMatch.exact(path), rewriteIfChanged(path, r)));
      default:
        if (r.startsWith(w)) {
          String prefix = g + r.substring(w.length());
          return Optional.of(new Combined(PathMatch.prefix(prefix), rewriteIfChanged(prefix, r)));
        }
        if (w.startsWith(r)) {
          return Optional.of(new Combined(PathMatch.prefix(g), rewriteIfChanged(g, w)));
        }
        return Optional.empty();
    }
  }

  private static Optional<Combined> exactGateway(String e, String p, PathMatch route) {
    boolean matches = route.kind() == PathMatch.Kind.EXACT ? p.equals(route.value()) : p.startsWith(route.value());
    return matches ? Optional.of(new Combined(PathMatch.exact(e), rewriteIfChanged(e, p))) : Optional.empty();
  }

  private static Optional<String> rewriteIfChanged(String from, String to) {
    return from.equals(to) ? Optional.empty() : Optional.of(to);
  }
}
