package dev.meshplane.transformer.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Envoy would send one HTTP request, read from a proxy's synthesized config (the JSON of
 * {@link ProxyConfigJson#toJson}) the way Envoy reads it: listener → filter chain (by destination
 * port) → HTTP connection manager → route configuration → virtual host (domains: exact, then the
 * longest {@code *suffix}, then the longest {@code prefix*}, then {@code *}) → the first route
 * whose match holds (prefix / path / safe_regex, headers, query parameters, grpc) → its action;
 * a TCP chain answers its {@code tcp_proxy} cluster.
 * A test helper: it answers what the config says, so a walkthrough's promise ("requests with
 * header color_header: blue go to blue") can be checked without running Envoy.
 */
final class EnvoyRouting {
  private EnvoyRouting() {}

  /** Which of a proxy's listeners takes the request. */
  enum Side {
    /** A sidecar's outbound listener (original destination): the app calls a backend on {@code port}. */
    OUTBOUND,
    /** A sidecar's inbound listener: a caller reaches the app's listener {@code port}. */
    INBOUND,
    /** A virtual gateway: the listener bound to {@code port}. */
    GATEWAY
  }

  /** One request: the port it is sent to, its authority, path (query included), method and headers. */
  record Request(Side side, int port, String authority, String path, String method, Map<String, String> headers) {
    static Request outbound(int port, String authority, String path) {
      return new Request(Side.OUTBOUND, port, authority, path, "GET", Map.of());
    }

    static Request inbound(int port, String path) {
      return new Request(Side.INBOUND, port, "app", path, "GET", Map.of());
    }

    static Request gateway(int port, String authority, String path) {
      return new Request(Side.GATEWAY, port, authority, path, "GET", Map.of());
    }

    Request header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name.toLowerCase(Locale.ROOT), value);
      return new Request(side, port, authority, path, method, more);
    }

    Request method(String verb) {
      return new Request(side, port, authority, path, verb, headers);
    }

    /** A gRPC call: POST to {@code /<service>/<method>} with {@code content-type: application/grpc}. */
    Request grpc() {
      return method("POST").header("content-type", "application/grpc");
    }

    String pathOnly() {
      int q = path.indexOf('?');
      return q < 0 ? path : path.substring(0, q);
    }

    Optional<String> header(String name) {
      return switch (name) {
        case ":authority" -> Optional.of(authority);
        case ":path" -> Optional.of(path);
        case ":method" -> Optional.of(method);
        case ":scheme" -> Optional.of("http");
        default -> Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
      };
    }
  }

  /**
   * The route the request took: its name, the clusters it goes to with their weights (one with
   * weight 1 for a single cluster), the path and host the upstream sees, and the route's action.
   */
  record Outcome(String routeName, Map<String, Integer> clusters, String upstreamPath, String upstreamHost,
      JsonNode action, JsonNode proxy) {
    /** The one cluster of a route without weights. */
    String cluster() {
      if (clusters.size() != 1) {
        throw new AssertionError("route " + routeName + " splits over " + clusters);
      }
      return clusters.keySet().iterator().next();
    }

    /** {@code timeout} of the route action ("15s" when Envoy's default applies), as Envoy's duration string. */
    String timeout() {
      return action.path("timeout").asText("15s");
    }

    JsonNode retryPolicy() {
      return action.path("retryPolicy");
    }

    /** The cluster definition of {@code name} in the same proxy. */
    JsonNode clusterConfig(String name) {
      for (JsonNode c : proxy.path("clusters")) {
        if (c.path("name").asText().equals(name)) {
          return c;
        }
      }
      throw new AssertionError("no cluster " + name + " in " + proxy.path("key").asText());
    }
  }

  /** Routes {@code request} through {@code proxy}; empty when Envoy would answer it with 404 or reset it. */
  static Optional<Outcome> route(JsonNode proxy, Request request) {
    JsonNode listener = listener(proxy, request);
    if (listener == null) {
      return Optional.empty();
    }
    JsonNode chain = filterChain(listener, request.port());
    if (chain == null) {
      return Optional.empty();
    }
    JsonNode tcpProxy = filter(chain, "envoy.filters.network.tcp_proxy");
    if (tcpProxy != null) {
      return Optional.of(new Outcome(chain.path("name").asText(), Map.of(tcpProxy.path("cluster").asText(), 1),
          request.path(), request.authority(), tcpProxy, proxy));
    }
    JsonNode hcm = filter(chain, "envoy.filters.network.http_connection_manager");
    if (hcm == null) {
      return Optional.empty();
    }
    JsonNode routeConfig = hcm.has("routeConfig") ? hcm.get("routeConfig")
        : routeConfiguration(proxy, hcm.path("rds").path("routeConfigName").asText());
    String host = request.authority();
    if (hcm.path("stripAnyHostPort").asBoolean(false)) {
      host = host.replaceFirst(":\\d+$", "");
    }
    JsonNode virtualHost = virtualHost(routeConfig, host);
    if (virtualHost == null) {
      return Optional.empty();
    }
    for (JsonNode route : virtualHost.path("routes")) {
      Optional<String> matched = matches(route.path("match"), request);
      if (matched.isPresent()) {
        return Optional.of(outcome(route, request, matched.get(), proxy));
      }
    }
    return Optional.empty();
  }

  /** Like {@link #route} but fails when no route takes the request. */
  static Outcome routed(JsonNode proxy, Request request) {
    return route(proxy, request).orElseThrow(() -> new AssertionError(
        "no route of " + proxy.path("key").asText() + " takes " + request));
  }

  private static JsonNode listener(JsonNode proxy, Request request) {
    for (JsonNode listener : proxy.path("listeners")) {
      String name = listener.path("name").asText();
      boolean take = switch (request.side()) {
        case OUTBOUND -> name.startsWith("lds_egress");
        case INBOUND -> name.startsWith("lds_ingress") && originalDestination(listener);
        case GATEWAY -> listener.path("address").path("socketAddress").path("portValue").asInt() == request.port();
      };
      if (take) {
        return listener;
      }
    }
    return null;
  }

  private static boolean originalDestination(JsonNode listener) {
    for (JsonNode filter : listener.path("listenerFilters")) {
      if (filter.path("name").asText().equals("envoy.filters.listener.original_dst")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The chain Envoy picks for a connection to {@code port} without an SNI it knows (plaintext, or TLS
   * to a name no chain lists): a chain naming the port before one naming none; chains that list
   * server names or need TLS never match.
   */
  private static JsonNode filterChain(JsonNode listener, int port) {
    JsonNode portless = null;
    for (JsonNode chain : listener.path("filterChains")) {
      JsonNode match = chain.path("filterChainMatch");
      if (match.has("serverNames") || match.path("transportProtocol").asText().equals("tls")) {
        continue;
      }
      if (match.has("destinationPort") && match.get("destinationPort").asInt() == port) {
        return chain;
      }
      if (!match.has("destinationPort") && portless == null) {
        portless = chain;
      }
    }
    return portless;
  }

  /** The typed config of the chain's network filter {@code name}, or null. */
  private static JsonNode filter(JsonNode chain, String name) {
    for (JsonNode filter : chain.path("filters")) {
      if (filter.path("name").asText().equals(name)) {
        return filter.path("typedConfig");
      }
    }
    return null;
  }

  private static JsonNode routeConfiguration(JsonNode proxy, String name) {
    for (JsonNode rc : proxy.path("routeConfigurations")) {
      if (rc.path("name").asText().equals(name)) {
        return rc;
      }
    }
    throw new AssertionError("no route configuration " + name + " in " + proxy.path("key").asText());
  }

  /** Envoy's virtual host search: exact domain, longest suffix wildcard, longest prefix wildcard, {@code *}. */
  static JsonNode virtualHost(JsonNode routeConfig, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    JsonNode suffixHost = null;
    int suffixLength = -1;
    JsonNode prefixHost = null;
    int prefixLength = -1;
    JsonNode any = null;
    for (JsonNode vh : routeConfig.path("virtualHosts")) {
      for (JsonNode d : vh.path("domains")) {
        String domain = d.asText().toLowerCase(Locale.ROOT);
        if (domain.equals("*")) {
          any = any == null ? vh : any;
        } else if (domain.startsWith("*")) {
          String suffix = domain.substring(1);
          if (h.length() > suffix.length() && h.endsWith(suffix) && suffix.length() > suffixLength) {
            suffixHost = vh;
            suffixLength = suffix.length();
          }
        } else if (domain.endsWith("*")) {
          String prefix = domain.substring(0, domain.length() - 1);
          if (h.length() > prefix.length() && h.startsWith(prefix) && prefix.length() > prefixLength) {
            prefixHost = vh;
            prefixLength = prefix.length();
          }
        } else if (domain.equals(h)) {
          return vh;
        }
      }
    }
    return suffixHost != null ? suffixHost : prefixHost != null ? prefixHost : any;
  }

  /** The path part the match consumed (for prefix rewrites) when the route matches, else empty. */
  private static Optional<String> matches(JsonNode match, Request request) {
    String path = request.pathOnly();
    boolean caseSensitive = match.path("caseSensitive").asBoolean(true);
    String consumed;
    if (match.has("prefix")) {
      String prefix = match.get("prefix").asText();
      boolean hit = caseSensitive ? path.startsWith(prefix)
          : path.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
      if (!hit) {
        return Optional.empty();
      }
      consumed = path.substring(0, prefix.length());
    } else if (match.has("path")) {
      String exact = match.get("path").asText();
      if (!(caseSensitive ? path.equals(exact) : path.equalsIgnoreCase(exact))) {
        return Optional.empty();
      }
      consumed = path;
    } else if (match.has("safeRegex")) {
      if (!Pattern.compile(match.get("safeRegex").path("regex").asText()).matcher(path).matches()) {
        return Optional.empty();
      }
      consumed = path;
    } else if (match.has("pathSeparatedPrefix")) {
      String prefix = match.get("pathSeparatedPrefix").asText();
      if (!(path.equals(prefix) || path.startsWith(prefix + "/"))) {
        return Optional.empty();
      }
      consumed = prefix;
    } else {
      throw new AssertionError("route match without a path specifier: " + match);
    }
    if (match.has("grpc") && !request.header("content-type").orElse("").startsWith("application/grpc")) {
      return Optional.empty();
    }
    for (JsonNode header : match.path("headers")) {
      if (!headerMatches(header, request.header(header.path("name").asText()))) {
        return Optional.empty();
      }
    }
    Map<String, String> query = query(request.path());
    for (JsonNode parameter : match.path("queryParameters")) {
      String value = query.get(parameter.path("name").asText());
      boolean hit;
      if (parameter.has("stringMatch")) {
        hit = value != null && stringMatches(parameter.get("stringMatch"), value);
      } else {
        hit = value != null || !parameter.path("presentMatch").asBoolean(true);
      }
      if (!hit) {
        return Optional.empty();
      }
    }
    return Optional.of(consumed);
  }

  /** Envoy's {@code HeaderMatcher}: a missing header matches only an inverted or {@code present_match: false} matcher. */
  private static boolean headerMatches(JsonNode matcher, Optional<String> value) {
    boolean invert = matcher.path("invertMatch").asBoolean(false);
    boolean hit;
    if (matcher.has("presentMatch")) {
      hit = value.isPresent() == matcher.get("presentMatch").asBoolean();
    } else if (value.isEmpty()) {
      hit = false;
    } else if (matcher.has("stringMatch")) {
      hit = stringMatches(matcher.get("stringMatch"), value.get());
    } else if (matcher.has("exactMatch")) {
      hit = value.get().equals(matcher.get("exactMatch").asText());
    } else if (matcher.has("prefixMatch")) {
      hit = value.get().startsWith(matcher.get("prefixMatch").asText());
    } else if (matcher.has("suffixMatch")) {
      hit = value.get().endsWith(matcher.get("suffixMatch").asText());
    } else if (matcher.has("safeRegexMatch")) {
      hit = Pattern.compile(matcher.get("safeRegexMatch").path("regex").asText()).matcher(value.get()).matches();
    } else if (matcher.has("rangeMatch")) {
      try {
        long v = Long.parseLong(value.get());
        JsonNode range = matcher.get("rangeMatch");
        hit = v >= range.path("start").asLong() && v < range.path("end").asLong();
      } catch (NumberFormatException e) {
        hit = false;
      }
    } else {
      hit = true; // a matcher with only a name requires the header to be present
    }
    return hit != invert;
  }

  /** Envoy's {@code StringMatcher}. */
  private static boolean stringMatches(JsonNode matcher, String value) {
    boolean ignoreCase = matcher.path("ignoreCase").asBoolean(false);
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    if (matcher.has("exact")) {
      return v.equals(fold(matcher.get("exact").asText(), ignoreCase));
    }
    if (matcher.has("prefix")) {
      return v.startsWith(fold(matcher.get("prefix").asText(), ignoreCase));
    }
    if (matcher.has("suffix")) {
      return v.endsWith(fold(matcher.get("suffix").asText(), ignoreCase));
    }
    if (matcher.has("contains")) {
      return v.contains(fold(matcher.get("contains").asText(), ignoreCase));
    }
    if (matcher.has("safeRegex")) {
      return Pattern.compile(matcher.get("safeRegex").path("regex").asText()).matcher(value).matches();
    }
    throw new AssertionError("string matcher without a kind: " + matcher);
  }

  private static String fold(String s, boolean ignoreCase) {
    return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
  }

  private static Map<String, String> query(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      out.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return out;
  }

  private static Outcome outcome(JsonNode route, Request request, String consumed, JsonNode proxy) {
    String name = route.path("name").asText();
    JsonNode action = route.path("route");
    if (action.isMissingNode()) {
      throw new AssertionError("route " + name + " has no route action: " + route);
    }
    Map<String, Integer> clusters = new LinkedHashMap<>();
    if (action.has("cluster")) {
      clusters.put(action.get("cluster").asText(), 1);
    } else {
      for (JsonNode weighted : action.path("weightedClusters").path("clusters")) {
        clusters.put(weighted.path("name").asText(), weighted.path("weight").asInt(1));
      }
    }
    String path = request.path();
    if (action.has("prefixRewrite")) {
      path = action.get("prefixRewrite").asText() + path.substring(consumed.length());
    } else if (action.has("regexRewrite")) {
      JsonNode rewrite = action.get("regexRewrite");
      String pathOnly = request.pathOnly();
      Matcher m = Pattern.compile(rewrite.path("pattern").path("regex").asText()).matcher(pathOnly);
      path = m.replaceAll(envoySubstitution(rewrite.path("substitution").asText()))
          + request.path().substring(pathOnly.length());
    }
    String host = action.has("hostRewriteLiteral") ? action.get("hostRewriteLiteral").asText() : request.authority();
    return new Outcome(name, clusters, path, host, action, proxy);
  }

  /** RE2 substitutions write groups as {@code \1}; Java's replacement syntax is {@code $1}. */
  private static String envoySubstitution(String substitution) {
    List<String> parts = new ArrayList<>();
    Matcher m = Pattern.compile("\\\\(\\d)").matcher(substitution);
    int last = 0;
    while (m.find()) {
      parts.add(Matcher.quoteReplacement(substitution.substring(last, m.start())));
      parts.add("$" + m.group(1));
      last = m.end();
    }
    parts.add(Matcher.quoteReplacement(substitution.substring(last)));
    return String.join("", parts);
  }
}
